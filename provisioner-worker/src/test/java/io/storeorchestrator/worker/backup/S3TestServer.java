package io.storeorchestrator.worker.backup;

import io.storeorchestrator.worker.config.BackupSettings;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

/**
 * S3Proxy in-process, on a free port, over jclouds' in-memory ("transient") blob store, with AWS Signature V4
 * authentication on: a real S3-compatible server that checks every request's signature.
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-0123456789";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;

    private S3TestServer(S3Proxy proxy, BlobStoreContext context, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    public static S3TestServer start(String bucket) throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .build(BlobStoreContext.class);
        BlobStore blobs = context.getBlobStore();
        blobs.createContainerInLocation(null, bucket);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.onSpinWait();
        }
        return new S3TestServer(proxy, context, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Settings that point at this server, path-style, with its keys. */
    public BackupSettings settings(String bucket) {
        return new BackupSettings(endpoint.toString(), bucket, "us-east-1", true, ACCESS_KEY, SECRET_KEY,
                "store-backups", null, null);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
