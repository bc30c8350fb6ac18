package dev.parley.registry.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.protocol.RecordCodec;
import dev.parley.registry.room.LeaveReason;
import dev.parley.registry.room.RoomRole;
import org.junit.jupiter.api.Test;

/** Each of the registry's enum constants is carried as the protocol constant of the same name. */
class ProtocolEnumsTest {

    @Test
    void rolesAreTheProtocolsRoles() {
        for (RoomRole role : RoomRole.values()) {
            assertEquals(role.name(), ProtocolEnums.role(role).name());
        }
        assertEquals("host", RecordCodec.wireName(ProtocolEnums.role(RoomRole.HOST)));
    }

    @Test
    void leaveReasonsAreTheProtocolsReasons() {
        for (LeaveReason reason : LeaveReason.values()) {
            assertEquals(reason.name(), ProtocolEnums.reason(reason).name());
        }
        assertEquals("offline", RecordCodec.wireName(ProtocolEnums.reason(LeaveReason.OFFLINE)));
        assertEquals("banned", RecordCodec.wireName(ProtocolEnums.reason(LeaveReason.BANNED)));
    }
}
