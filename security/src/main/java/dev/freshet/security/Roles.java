package dev.freshet.security;

/**
 * The roles the services check. Each includes the ones below it (the services map them in
 * {@code quarkus.http.auth.roles-mapping}): an admin may do what an operator may, an operator what a reader may.
 */
public final class Roles {

    /** Moves the champion by hand: promote, roll back. */
    public static final String ADMIN = "admin";
    /** Controls training: pause, resume, publish now. */
    public static final String OPERATOR = "operator";
    /** Asks for predictions when they are protected ({@code freshet.security.protect-predictions}). */
    public static final String READER = "reader";

    private Roles() {}
}
