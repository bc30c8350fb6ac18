package dev.parley.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Bounds of a text field (in UTF-16 units, as {@code String.length()} counts) or of a list field (in
 * items), both included; checked when read, before any rule of the receiver.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Length {
    int min() default 0;

    int max();
}
