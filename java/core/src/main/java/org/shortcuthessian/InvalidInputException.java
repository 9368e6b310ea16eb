package org.shortcuthessian;

/**
 * Something a user gave (a file, a field, an option) is wrong. The message is one line that names
 * the file, field or index and says what is wrong; the CLI prints it and exits with code 2.
 */
public class InvalidInputException extends RuntimeException {
    private final String field;
    private final String detail;

    public InvalidInputException(String message) {
        super(message);
        this.field = null;
        this.detail = message;
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
        this.field = null;
        this.detail = message;
    }

    private InvalidInputException(String field, String detail) {
        super(field + ": " + detail);
        this.field = field;
        this.detail = detail;
    }

    /**
     * A bad value of a named field of the library's own types (a record component such as
     * {@code learningRate}): the message is "field: detail". Library code names its fields, never a
     * command-line option; the command line maps the field to its option ({@link #field()}, {@link #detail()}).
     */
    public static InvalidInputException ofField(String field, String detail) {
        return new InvalidInputException(field, detail);
    }

    /** @return the field named, or null when the message names a file or an index itself. */
    public String field() {
        return field;
    }

    /** @return what is wrong, without the field's name. */
    public String detail() {
        return detail;
    }
}
