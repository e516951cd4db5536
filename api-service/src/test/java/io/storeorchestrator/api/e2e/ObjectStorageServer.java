package io.storeorchestrator.api.e2e;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real S3-compatible server for the workers (S3Proxy in the test's JVM over jclouds' in-memory blob store, AWS
 * Signature V4 checked on every request), and direct access to its blobs: what a backup Job would have uploaded is put
 * there by the test, since cluster-sim runs no containers.
 */
final class ObjectStorageServer implements AutoCloseable {

    static final String BUCKET = "e2e-backups";
    static final String ACCESS_KEY = "e2e-access-key";
    static final String SECRET_KEY = "e2e-secret-key-0123456789";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;

    private ObjectStorageServer(S3Proxy proxy, BlobStoreContext context, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    static ObjectStorageServer start() throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.onSpinWait();
        }
        return new ObjectStorageServer(proxy, context, endpoint);
    }

    /** The workers' settings for this server. */
    Map<String, String> workerSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("BACKUP_S3_ENDPOINT", endpoint.toString());
        settings.put("BACKUP_S3_BUCKET", BUCKET);
        settings.put("BACKUP_S3_REGION", "us-east-1");
        settings.put("BACKUP_S3_PATH_STYLE", "true");
        settings.put("BACKUP_S3_ACCESS_KEY_ID", ACCESS_KEY);
        settings.put("BACKUP_S3_SECRET_ACCESS_KEY", SECRET_KEY);
        return settings;
    }

    void put(String key, byte[] content) {
        BlobStore blobs = context.getBlobStore();
        blobs.putBlob(BUCKET, blobs.blobBuilder(key).payload(content).contentLength(content.length).build());
    }

    boolean exists(String key) {
        return context.getBlobStore().blobExists(BUCKET, key);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
