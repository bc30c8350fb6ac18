package dev.parley.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The messages of one kind on one link (a sealed interface whose records carry {@link Message}):
 * turns a frame into the record its {@code type} names. The sealed interface is the list; a switch
 * over it is checked by the compiler to handle every message, so there are no catch-all arms.
 */
public final class MessageCatalog<M> {
    private final Class<M> kind;
    private final Map<String, RecordCodec<? extends Record>> byType;

    private MessageCatalog(Class<M> kind, Map<String, RecordCodec<? extends Record>> byType) {
        this.kind = kind;
        this.byType = byType;
    }

    /** The catalog of every record a sealed interface permits. */
    public static <M> MessageCatalog<M> of(Class<M> sealed) {
        if (!sealed.isSealed()) {
            throw new IllegalArgumentException(sealed.getName() + " is not sealed");
        }
        Map<String, RecordCodec<? extends Record>> byType = new HashMap<>();
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            RecordCodec<? extends Record> codec = RecordCodec.of(c.asSubclass(Record.class));
            if (byType.put(codec.wireType(), codec) != null) {
                throw new IllegalArgumentException(sealed.getName() + " names " + codec.wireType() + " twice");
            }
        }
        return new MessageCatalog<>(sealed, Map.copyOf(byType));
    }

    /** Whether frames of this wire type belong here. */
    public boolean knows(String wireType) {
        return byType.containsKey(wireType);
    }

    /**
     * The record a wire type names here, if any: for a receiver whose rules depend on the kind of
     * message even when its fields cannot be read (HELLO first, login required).
     */
    public Optional<Class<? extends M>> kindOf(String wireType) {
        RecordCodec<? extends Record> codec = byType.get(wireType);
        return codec == null ? Optional.empty() : Optional.of(codec.type().asSubclass(kind));
    }

    /**
     * The message a frame holds.
     *
     * @throws InvalidFieldException for a type that is not one of these messages ({@code unknown
     *     message type 'X'}) or a field that is missing, of the wrong type or out of bounds
     */
    public M read(Frame frame) {
        RecordCodec<? extends Record> codec = byType.get(frame.type());
        if (codec == null) {
            throw new InvalidFieldException("unknown message type '" + printable(frame.type()) + "'");
        }
        return kind.cast(codec.read(frame.json()));
    }

    /** A type name as a reason may quote it: its first 40 characters, control and bidi characters replaced. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(40).forEach(c -> b.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT ? '?' : c));
        return b.toString();
    }
}
