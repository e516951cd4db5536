package io.storeorchestrator.worker.backup;

import io.storeorchestrator.worker.config.BackupSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ObjectStorage against a real S3-compatible server (S3Proxy) that verifies AWS Signature V4 on every request. */
class ObjectStorageIT {

    private static final String BUCKET = "backups";
    private static S3TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start(BUCKET);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void putsSizesAndDeletesObjectsWithSignedRequests() {
        ObjectStorage storage = new ObjectStorage(server.settings(BUCKET));
        String key = "store-backups/7d7f2c1e-0000-4000-8000-000000000001/b1/db.sql.gz";
        byte[] dump = "-- a dump\nCREATE TABLE t (id int);\n".getBytes(StandardCharsets.UTF_8);

        assertThat(storage.size(key)).isEmpty();
        storage.put(key, dump);
        assertThat(storage.size(key)).contains((long) dump.length);
        storage.delete(key);
        assertThat(storage.size(key)).isEmpty();
        storage.delete(key); // gone already: not an error
    }

    @Test
    void listsEveryObjectUnderAPrefixAcrossPagesWithSignedQueries() {
        ObjectStorage storage = new ObjectStorage(server.settings(BUCKET));
        String directory = "store-backups/listed-" + System.nanoTime() + "/";
        for (int i = 0; i < 1005; i++) { // more than one page of 1000
            storage.put(directory + "b" + i + "/db.sql.gz", new byte[]{(byte) i});
        }
        storage.put("store-backups/other/db.sql.gz", new byte[]{1, 2});

        var listed = storage.list(directory);

        assertThat(listed).hasSize(1005).allSatisfy(object -> {
            assertThat(object.key()).startsWith(directory);
            assertThat(object.size()).isEqualTo(1);
            assertThat(object.lastModified()).isNotNull();
        });
        assertThat(storage.list("store-backups/nothing-here/")).isEmpty();
    }

    @Test
    void keysWithCharactersThatNeedEncodingAreSignedAsS3EncodesThem() {
        ObjectStorage storage = new ObjectStorage(server.settings(BUCKET));
        String key = "store-backups/a store+name/ümlaut (1).sql.gz";
        storage.put(key, new byte[]{1, 2, 3});
        assertThat(storage.size(key)).contains(3L);
    }

    @Test
    void aWrongSecretIsRefusedWithoutTheSecretInTheMessage() {
        BackupSettings good = server.settings(BUCKET);
        BackupSettings wrong = new BackupSettings(good.endpoint(), BUCKET, good.region(), true, good.accessKeyId(),
                "not-the-secret-key", good.prefix(), null, null);
        assertThatThrownBy(() -> new ObjectStorage(wrong).size("store-backups/x/db.sql.gz"))
                .isInstanceOf(ObjectStorage.ObjectStorageException.class)
                .hasMessageContaining("s3://backups/store-backups/x/db.sql.gz answered 403")
                .hasMessageNotContaining("not-the-secret-key");
    }
}
