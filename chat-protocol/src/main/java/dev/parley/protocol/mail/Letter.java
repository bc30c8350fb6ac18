package dev.parley.protocol.mail;

import dev.parley.protocol.Length;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Nullable;
import dev.parley.protocol.Range;
import java.time.Instant;

/**
 * What an {@link Envelope} seals: the message as the sender wrote it. {@code seq} numbers the
 * sender's messages in a one-to-one conversation, as on a direct link; {@code room} names the room
 * of a room message (then there is no {@code seq}). The registry never sees any of it.
 */
public record Letter(Instant sentAt, @Length(min = 1, max = Limits.MAX_MESSAGE_CHARS) String body,
        @Nullable @Range(min = 0, max = Integer.MAX_VALUE) Long seq, @Nullable String room) {
}
