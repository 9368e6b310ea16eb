package org.shortcuthessian;

/**
 * Something a user gave (a file, a field, an option) is wrong. The message is one line that names
 * the file, field or index and says what is wrong; the CLI prints it and exits with code 2.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
