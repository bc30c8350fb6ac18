package dev.parley.protocol;

/** A well-formed frame lacks a field or carries one of the wrong type or range; answered with 400 and this reason. */
public class InvalidFieldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidFieldException(String reason) {
        super(reason, null, false, false);
    }
}
