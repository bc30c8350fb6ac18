package dev.parley.registry.gateway;

import dev.parley.protocol.registry.RegistryAnswer.Role;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.registry.room.LeaveReason;
import dev.parley.registry.room.RoomRole;

/**
 * The registry's own enums as the protocol's records carry them: the one place they are mapped,
 * each switch checked by the compiler to cover every constant.
 */
final class ProtocolEnums {
    private ProtocolEnums() {
    }

    static Role role(RoomRole role) {
        return switch (role) {
            case HOST -> Role.HOST;
            case MEMBER -> Role.MEMBER;
        };
    }

    static RegistryEvent.LeaveReason reason(LeaveReason reason) {
        return switch (reason) {
            case LEFT -> RegistryEvent.LeaveReason.LEFT;
            case OFFLINE -> RegistryEvent.LeaveReason.OFFLINE;
            case KICKED -> RegistryEvent.LeaveReason.KICKED;
            case BANNED -> RegistryEvent.LeaveReason.BANNED;
        };
    }
}
