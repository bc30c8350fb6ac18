package dev.parley.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes one record type as a JSON object: each record component is the field of the
 * same name, so a message's field names are spelled once, in its record. Reading checks every field
 * once (presence, type, {@link Range}, {@link Length}, known enum value, text that is valid
 * Unicode by {@link WireText}) and refuses bad input with
 * an {@link InvalidFieldException} whose message says which field and what is wrong; the receiver's
 * own rules (a username's characters, a room's capacity rules) come after.
 *
 * <p>Field types: {@code String}, {@code int}/{@code Integer}, {@code long}/{@code Long},
 * {@code boolean}/{@code Boolean}, {@link Instant} (ISO-8601 text), enums (written in lower case
 * with {@code -} for {@code _}), nested records, and {@code List}s of strings or records. A
 * component named {@code type} is refused: that name belongs to the frame.
 */
public final class RecordCodec<R extends Record> {
    /** Looked up once: the JSON provider search is slow on an application server. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final ClassValue<RecordCodec<?>> CODECS = new ClassValue<>() {
        @Override
        protected RecordCodec<?> computeValue(Class<?> type) {
            return build(type.asSubclass(Record.class));
        }
    };

    private final Class<R> type;
    private final String wireType;
    private final Field[] fields;
    private final MethodHandle constructor;

    private RecordCodec(Class<R> type, Field[] fields, MethodHandle constructor) {
        this.type = type;
        Message message = type.getAnnotation(Message.class);
        this.wireType = message == null ? null : message.value();
        this.fields = fields;
        this.constructor = constructor;
    }

    /** The codec of a record type, built once and shared. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> RecordCodec<R> of(Class<R> type) {
        return (RecordCodec<R>) CODECS.get(type);
    }

    /** The record type this codec reads and writes. */
    public Class<R> type() {
        return type;
    }

    /** The wire type named by the record's {@link Message}; fails for a record that is only a part of one. */
    public String wireType() {
        if (wireType == null) {
            throw new IllegalStateException(type.getName() + " has no @Message type");
        }
        return wireType;
    }

    /** The record a JSON object holds; fields it does not name are ignored, as later versions may add some. */
    public R read(JsonObject json) {
        return read(json, "");
    }

    /** Adds the record's fields to a JSON object being built (a null {@link Nullable} field is left out). */
    public JsonObjectBuilder write(R value, JsonObjectBuilder into) {
        for (Field f : fields) {
            f.write(value, into);
        }
        return into;
    }

    /** The record as a JSON object of its own. */
    public JsonObject toJson(R value) {
        return write(value, JSON.createObjectBuilder()).build();
    }

    private R read(JsonObject json, String path) {
        Object[] args = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            args[i] = fields[i].read(json, path);
        }
        try {
            return type.cast((Object) constructor.invokeExact(args));
        } catch (InvalidFieldException | IllegalArgumentException e) {
            // A record's constructor may check what the annotations cannot say; either way a 400.
            throw e instanceof InvalidFieldException ife ? ife : new InvalidFieldException(e.getMessage());
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
        }
    }

    private static <R extends Record> RecordCodec<R> build(Class<R> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        RecordComponent[] components = type.getRecordComponents();
        Field[] fields = new Field[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                if (c.getName().equals("type")) {
                    throw new IllegalArgumentException(type.getName() + ": 'type' is the frame's own field");
                }
                parameterTypes[i] = c.getType();
                fields[i] = new Field(c, lookup.unreflect(c.getAccessor()).asType(MethodType.genericMethodType(1)));
            }
            // Adapted once to (Object[]) -> Object so each read is one invokeExact, without reflection.
            MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes))
                    .asType(MethodType.genericMethodType(components.length))
                    .asSpreader(Object[].class, components.length);
            return new RecordCodec<>(type, fields, constructor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " must be a public record with public components", e);
        }
    }

    /** One record component and the JSON field it maps to. */
    private static final class Field {
        private final String name;
        private final Kind kind;
        private final Class<?> javaType;
        private final Kind elementKind;
        private final Class<?> elementType;
        private final boolean nullable;
        private final long min;
        private final long max;
        private final int minLength;
        private final int maxLength;
        private final MethodHandle accessor;

        Field(RecordComponent c, MethodHandle accessor) {
            this.name = c.getName();
            this.javaType = c.getType();
            this.kind = Kind.of(javaType);
            this.accessor = accessor;
            this.nullable = c.isAnnotationPresent(Nullable.class);
            if (javaType.isPrimitive() && nullable) {
                throw new IllegalArgumentException(name + ": a @Nullable field needs a boxed type");
            }
            Range range = c.getAnnotation(Range.class);
            this.min = range == null ? (kind == Kind.INT ? Integer.MIN_VALUE : Long.MIN_VALUE) : range.min();
            this.max = range == null ? (kind == Kind.INT ? Integer.MAX_VALUE : Long.MAX_VALUE) : range.max();
            Length length = c.getAnnotation(Length.class);
            this.minLength = length == null ? 0 : length.min();
            this.maxLength = length == null ? Integer.MAX_VALUE : length.max();
            if (kind == Kind.LIST) {
                Type element = c.getGenericType() instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
                this.elementType = element instanceof Class<?> k ? k : Object.class;
                this.elementKind = Kind.of(elementType);
                if (elementKind != Kind.STRING && elementKind != Kind.RECORD) {
                    throw new IllegalArgumentException(name + ": a list holds strings or records");
                }
            } else {
                this.elementType = null;
                this.elementKind = null;
            }
        }

        Object read(JsonObject json, String path) {
            String where = path + name;
            JsonValue v = json.get(name);
            if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
                if (nullable) {
                    return null;
                }
                throw new InvalidFieldException("missing field '" + where + "'");
            }
            return switch (kind) {
                case LIST -> readList(v, where);
                default -> readOne(kind, javaType, v, "field '" + where + "'", where);
            };
        }

        private Object readOne(Kind k, Class<?> t, JsonValue v, String what, String where) {
            return switch (k) {
                case STRING -> checkLength(string(v, what), what);
                case INT -> (int) number(v, what);
                case LONG -> number(v, what);
                case BOOLEAN -> {
                    if (v.getValueType() == JsonValue.ValueType.TRUE) {
                        yield Boolean.TRUE;
                    }
                    if (v.getValueType() == JsonValue.ValueType.FALSE) {
                        yield Boolean.FALSE;
                    }
                    throw new InvalidFieldException(what + " must be true or false");
                }
                case INSTANT -> {
                    String text = string(v, what);
                    try {
                        yield WireTime.parse(text);
                    } catch (DateTimeParseException e) {
                        throw new InvalidFieldException(what + " must be a time like 2026-11-21T14:02:03Z");
                    }
                }
                case ENUM -> enumValue(t, string(v, what), what);
                case RECORD -> {
                    if (!(v instanceof JsonObject o)) {
                        throw new InvalidFieldException(what + " must be an object");
                    }
                    yield CODECS.get(t).read(o, where + ".");
                }
                case LIST -> throw new IllegalStateException("a list inside a list");
            };
        }

        private List<Object> readList(JsonValue v, String where) {
            if (!(v instanceof JsonArray array)) {
                throw new InvalidFieldException("field '" + where + "' must be an array");
            }
            if (array.size() > maxLength) {
                throw new InvalidFieldException("field '" + where + "' has at most " + maxLength
                        + " items; this one has " + array.size());
            }
            if (array.size() < minLength) {
                throw new InvalidFieldException("field '" + where + "' needs at least " + minLength
                        + (minLength == 1 ? " item" : " items"));
            }
            List<Object> out = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                String item = where + "[" + i + "]";
                JsonValue e = array.get(i);
                if (e.getValueType() == JsonValue.ValueType.NULL) {
                    throw new InvalidFieldException(item + " must not be null");
                }
                out.add(elementKind == Kind.STRING ? string(e, item) : readOne(elementKind, elementType, e, item, item));
            }
            return Collections.unmodifiableList(out);
        }

        private String checkLength(String s, String what) {
            if (s.length() < minLength || s.length() > maxLength) {
                throw new InvalidFieldException(what + " must have " + (maxLength == Integer.MAX_VALUE
                        ? "at least " + minLength : minLength + " to " + maxLength) + " characters");
            }
            return s;
        }

        private long number(JsonValue v, String what) {
            if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
                throw new InvalidFieldException(what + " must be a whole number");
            }
            long value;
            try {
                value = n.longValueExact(); // no BigInteger for the usual small number
            } catch (ArithmeticException tooBig) {
                throw new InvalidFieldException(what + " must be between " + min + " and " + max);
            }
            if (value < min || value > max) {
                throw new InvalidFieldException(what + " must be between " + min + " and " + max);
            }
            return value;
        }

        /** Every text the codec reads comes through here: plain strings, list items, times and enum names. */
        private static String string(JsonValue v, String what) {
            if (v instanceof JsonString s) {
                String text = s.getString();
                WireText.problem(text).ifPresent(problem -> {
                    throw new InvalidFieldException(what + " " + problem);
                });
                return text;
            }
            throw new InvalidFieldException(what + " must be a string");
        }

        private static Object enumValue(Class<?> t, String text, String what) {
            for (Object constant : t.getEnumConstants()) {
                if (wireName((Enum<?>) constant).equals(text)) {
                    return constant;
                }
            }
            List<String> names = new ArrayList<>();
            for (Object constant : t.getEnumConstants()) {
                names.add(wireName((Enum<?>) constant));
            }
            throw new InvalidFieldException(what + " must be one of " + String.join(", ", names));
        }

        void write(Record record, JsonObjectBuilder into) {
            Object value;
            try {
                value = (Object) accessor.invokeExact((Object) record);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            if (value == null) {
                if (!nullable) {
                    throw new IllegalArgumentException(record.getClass().getSimpleName() + "." + name + " is required");
                }
                return;
            }
            switch (kind) {
                case STRING -> into.add(name, (String) value);
                case INT -> into.add(name, (int) (Integer) value);
                case LONG -> into.add(name, (long) (Long) value);
                case BOOLEAN -> into.add(name, (boolean) (Boolean) value);
                case INSTANT, ENUM -> into.add(name, text(value));
                case RECORD -> into.add(name, nested((Record) value));
                case LIST -> {
                    JsonArrayBuilder array = JSON.createArrayBuilder();
                    for (Object item : (List<?>) value) {
                        if (item instanceof String s) {
                            array.add(s);
                        } else {
                            array.add(nested((Record) item));
                        }
                    }
                    into.add(name, array);
                }
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static JsonObjectBuilder nested(Record value) {
            RecordCodec codec = CODECS.get(value.getClass());
            return codec.write(value, JSON.createObjectBuilder());
        }

        private static String text(Object value) {
            return value instanceof Enum<?> e ? wireName(e) : value.toString();
        }
    }

    /** An enum constant's name on the wire: {@code NO_SUCH_ROOM} is {@code no-such-room}. */
    public static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private enum Kind {
        STRING, INT, LONG, BOOLEAN, INSTANT, ENUM, RECORD, LIST;

        static Kind of(Class<?> t) {
            if (t == String.class) {
                return STRING;
            } else if (t == int.class || t == Integer.class) {
                return INT;
            } else if (t == long.class || t == Long.class) {
                return LONG;
            } else if (t == boolean.class || t == Boolean.class) {
                return BOOLEAN;
            } else if (t == Instant.class) {
                return INSTANT;
            } else if (t.isEnum()) {
                return ENUM;
            } else if (t.isRecord()) {
                return RECORD;
            } else if (t == List.class) {
                return LIST;
            }
            throw new IllegalArgumentException("no wire form for " + t.getName());
        }
    }
}
