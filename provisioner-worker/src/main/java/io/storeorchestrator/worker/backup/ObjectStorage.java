package io.storeorchestrator.worker.backup;

import io.storeorchestrator.worker.config.BackupSettings;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few S3 calls the worker makes itself (the Jobs move the dumps with the AWS CLI): the size of an uploaded object
 * (HEAD), a listing of a store's backups (ListObjectsV2), their removal past retention (DELETE), and a PUT (what tests
 * seed a server with). Requests are signed with AWS Signature
 * Version 4, path-style or virtual-hosted as {@link BackupSettings#pathStyle()} says, on the JDK's HTTP client: no
 * SDK, since four signed requests are all it takes. Tested against S3Proxy with its aws-v4 authentication on.
 *
 * <p>The secret key is used only to sign; it is never logged or put in an exception's message.
 */
public final class ObjectStorage {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String UNSIGNED_EMPTY = sha256Hex(new byte[0]);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BackupSettings settings;
    private final HttpClient http;

    public ObjectStorage(BackupSettings settings) {
        this.settings = settings;
        // HTTP/1.1: no h2c upgrade dance with servers that do not speak it.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** An S3 call that did not succeed: its HTTP status, and the S3 error code when the body gave one. */
    public static final class ObjectStorageException extends RuntimeException {
        private final int status;

        ObjectStorageException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** @return the object's size in bytes, or empty when there is no such object */
    public Optional<Long> size(String key) {
        HttpResponse<byte[]> response = send("HEAD", key, new byte[0]);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireSuccess("HEAD", key, response);
        return response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst();
    }

    /** Removes the object; removing one that is not there is not an error (S3 answers 204 either way). */
    public void delete(String key) {
        HttpResponse<byte[]> response = send("DELETE", key, new byte[0]);
        if (response.statusCode() != 404) {
            requireSuccess("DELETE", key, response);
        }
    }

    public void put(String key, byte[] content) {
        requireSuccess("PUT", key, send("PUT", key, content));
    }

    /** An object a listing returned. */
    public record StoredObject(String key, long size, Instant lastModified) {
    }

    /** Every object whose key starts with {@code prefix} (ListObjectsV2, a page of up to 1000 at a time). */
    public List<StoredObject> list(String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new TreeMap<>();
            query.put("list-type", "2");
            query.put("prefix", prefix);
            if (token != null) {
                query.put("continuation-token", token);
            }
            HttpResponse<byte[]> response = send("GET", "", new byte[0], query);
            requireSuccess("LIST", prefix, response);
            String xml = new String(response.body(), StandardCharsets.UTF_8);
            Matcher contents = CONTENTS.matcher(xml);
            while (contents.find()) {
                String entry = contents.group(1);
                objects.add(new StoredObject(unescape(tag(entry, "Key")), Long.parseLong(tag(entry, "Size")),
                        Instant.parse(tag(entry, "LastModified"))));
            }
            token = "true".equals(optionalTag(xml, "IsTruncated")) ? optionalTag(xml, "NextContinuationToken") : null;
        } while (token != null);
        return objects;
    }

    private static final Pattern CONTENTS = Pattern.compile("<Contents>(.*?)</Contents>", Pattern.DOTALL);

    private static String tag(String xml, String name) {
        String value = optionalTag(xml, name);
        if (value == null) {
            throw new IllegalStateException("a listing entry without <" + name + ">");
        }
        return value;
    }

    private static String optionalTag(String xml, String name) {
        Matcher matcher = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String unescape(String xml) {
        return xml.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    private HttpResponse<byte[]> send(String method, String key, byte[] body) {
        return send(method, key, body, Map.of());
    }

    private HttpResponse<byte[]> send(String method, String key, byte[] body, Map<String, String> query) {
        URI endpoint = settings.endpointUri();
        String bucket = settings.bucket();
        String path = settings.pathStyle() ? "/" + encodePath(bucket) + "/" + encodePath(key) : "/" + encodePath(key);
        String queryString = canonicalQuery(query);
        String host = settings.pathStyle() ? endpoint.getHost() : bucket + "." + endpoint.getHost();
        String hostHeader = endpoint.getPort() > 0 ? host + ":" + endpoint.getPort() : host;
        URI uri = URI.create(endpoint.getScheme() + "://" + hostHeader + basePath(endpoint) + path
                + (queryString.isEmpty() ? "" : "?" + queryString));
        Instant now = Instant.now();
        String payloadHash = body.length == 0 ? UNSIGNED_EMPTY : sha256Hex(body);
        String authorization = authorization(method, hostHeader, basePath(endpoint) + path, queryString, payloadHash,
                now);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("x-amz-date", AMZ_DATE.format(now))
                .header("x-amz-content-sha256", payloadHash)
                .header("Authorization", authorization)
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + describe(key) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + describe(key), e);
        }
    }

    /**
     * The Authorization header of a request, signing host, x-amz-content-sha256 and x-amz-date
     * (the headers the JDK client sends as given; it adds Host itself, as {@code host[:port]}).
     */
    String authorization(String method, String hostHeader, String canonicalPath, String canonicalQuery,
                         String payloadHash, Instant at) {
        String amzDate = AMZ_DATE.format(at);
        String day = amzDate.substring(0, 8);
        String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        String canonicalRequest = method + "\n" + canonicalPath + "\n" + canonicalQuery + "\n"
                + "host:" + hostHeader + "\n"
                + "x-amz-content-sha256:" + payloadHash + "\n"
                + "x-amz-date:" + amzDate + "\n"
                + "\n" + signedHeaders + "\n" + payloadHash;
        String scope = day + "/" + settings.region() + "/s3/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + settings.secretAccessKey()).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, settings.region());
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = HexFormat.of().formatHex(hmac(key, stringToSign));
        return ALGORITHM + " Credential=" + settings.accessKeyId() + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    private void requireSuccess(String method, String key, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            Matcher code = Pattern.compile("<Code>([^<]{1,100})</Code>").matcher(body);
            throw new ObjectStorageException(method + " " + describe(key) + " answered " + status
                    + (code.find() ? " " + code.group(1) : ""), status);
        }
    }

    /** {@code s3://bucket/key}: how messages name an object. */
    public String describe(String key) {
        return "s3://" + settings.bucket() + "/" + key;
    }

    /** An endpoint given with a path (a proxy's sub-path) keeps it, without a trailing slash. */
    private static String basePath(URI endpoint) {
        String path = endpoint.getRawPath();
        return path == null || path.equals("/") ? "" : path.replaceAll("/+$", "");
    }

    /** Names and values encoded as S3 signs them, sorted by name (a TreeMap's order). */
    static String canonicalQuery(Map<String, String> query) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(query).forEach((name, value) -> {
            if (!canonical.isEmpty()) {
                canonical.append('&');
            }
            canonical.append(encode(name, false)).append('=').append(encode(value, false));
        });
        return canonical.toString();
    }

    /** S3's URI encoding: every byte but the unreserved characters, and '/' kept between segments. */
    static String encodePath(String path) {
        return encode(path, true);
    }

    private static String encode(String text, boolean keepSlash) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
