package io.storeorchestrator.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * API keys: {@code so_} followed by 32 random bytes in base64url (43 characters). The prefix lets secret scanners and
 * people recognise one. Only the SHA-256 of a key is stored: a key has 256 bits of entropy, so its hash can be neither
 * reversed nor brute-forced, and the slow, salted hashes passwords need would only cost every request CPU. A lookup
 * by the whole hash (a unique index) compares no secret byte by byte, so it leaks nothing through timing.
 */
public final class ApiKeys {

    static final String PREFIX = "so_";
    private static final int RANDOM_BYTES = 32;
    private static final Pattern WELL_FORMED = Pattern.compile("so_[A-Za-z0-9_-]{43}");
    /** RFC 6750's b64token, plus '.' separators of a JWT: anything else in a bearer token is malformed. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new key, to be shown once and stored as {@link #hash}. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code text} has the shape of a key this platform issues (checked before any database lookup). */
    public static boolean isWellFormed(String text) {
        return WELL_FORMED.matcher(text).matches();
    }

    static boolean isTokenText(String text) {
        return TOKEN.matcher(text).matches();
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
