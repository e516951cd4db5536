package io.storeorchestrator.clustersim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.FieldSelector;
import io.storeorchestrator.clustersim.store.LabelSelector;
import io.storeorchestrator.clustersim.store.Listing;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ObjectKey;
import io.storeorchestrator.clustersim.store.ObjectStore;
import io.storeorchestrator.clustersim.store.ResourceType;
import io.storeorchestrator.clustersim.store.ResourceTypes;
import io.storeorchestrator.clustersim.store.WriteResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Kubernetes API semantics on top of the {@link ObjectStore}: create / get / list / replace / patch / apply /
 * delete with the same errors a real API server gives (404, 409 AlreadyExists and Conflict, 403 for a terminating
 * namespace), status kept apart from spec, and deletion that cascades to owned objects.
 */
public final class ResourceApi {

    private final ObjectStore store;
    private final NamespaceTerminator terminator;
    private final ObjectDefaults defaults = new ObjectDefaults();

    public ResourceApi(ObjectStore store, NamespaceTerminator terminator) {
        this.store = store;
        this.terminator = terminator;
    }

    public ObjectStore store() {
        return store;
    }

    public ObjectNode get(ObjectKey key) {
        return store.get(key).orElseThrow(() -> ApiException.notFound(key.type(), key.name()));
    }

    /**
     * @param namespace null for every namespace
     * @param limit     page size, 0 for everything
     */
    public ObjectList list(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields, int limit,
                           String continueToken) {
        Listing listing = store.list(type, namespace, labels, fields);
        List<ObjectNode> all = listing.items();
        long resourceVersion = listing.resourceVersion();
        int start = continueToken == null || continueToken.isEmpty() ? 0 : pageStart(all, continueToken);
        if (limit <= 0 || all.size() - start <= limit) {
            return new ObjectList(type, all.subList(start, all.size()), resourceVersion, null, 0);
        }
        List<ObjectNode> page = all.subList(start, start + limit);
        return new ObjectList(type, page, resourceVersion, continueTokenAfter(page.getLast()),
                all.size() - start - limit);
    }

    /** Creates an object a client sent: the server decides status and system metadata. */
    public ObjectNode create(ResourceType type, String namespace, ObjectNode body) {
        ObjectNode object = body.deepCopy();
        String name = Meta.name(object);
        if (name.isEmpty()) {
            String generateName = object.path("metadata").path("generateName").asText("");
            if (generateName.isEmpty()) {
                throw ApiException.invalid(type, "", "metadata.name: Required value: name or generateName is required");
            }
            name = generateName + randomSuffix();
        }
        String bodyNamespace = Meta.namespace(object);
        if (type.namespaced() && !bodyNamespace.isEmpty() && namespace != null && !bodyNamespace.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent "
                    + "on the request");
        }
        defaults.onCreate(type, object);
        return insert(ObjectKey.of(type, namespace != null ? namespace : bodyNamespace, name), object);
    }

    /** Creates an object exactly as a controller built it, status included (pods, replica sets, claims). */
    public ObjectNode createAsController(ObjectKey key, ObjectNode object) {
        object.put("apiVersion", key.type().apiVersion());
        object.put("kind", key.type().kind());
        return insert(key, object);
    }

    /** PUT: replaces the object, or only its status when {@code statusOnly}; a stale resourceVersion conflicts. */
    public ObjectNode replace(ObjectKey key, ObjectNode body, boolean statusOnly) {
        String bodyName = Meta.name(body);
        if (!bodyName.isEmpty() && !bodyName.equals(key.name())) {
            throw ApiException.badRequest("the name of the object (" + bodyName + ") does not match the name on the "
                    + "URL (" + key.name() + ")");
        }
        String expectedVersion = Meta.resourceVersion(body);
        return store.write(key, current -> {
            if (current == null) {
                throw ApiException.notFound(key.type(), key.name());
            }
            requireVersion(key, current, expectedVersion);
            return merged(key.type(), current, body.deepCopy(), statusOnly);
        }).object();
    }

    /** PATCH: merge, JSON or apply patch; apply creates the object when it is absent. */
    public ObjectNode patch(ObjectKey key, PatchType patchType, JsonNode patch, boolean statusOnly) {
        boolean mayCreate = patchType == PatchType.APPLY && !statusOnly;
        if (mayCreate && store.get(key).isEmpty()) {
            requireNamespaceAcceptsCreate(key);
        }
        String expectedVersion = patch.path("metadata").path("resourceVersion").asText("");
        WriteResult result = store.write(key, current -> {
            if (current == null) {
                if (!mayCreate) {
                    throw ApiException.notFound(key.type(), key.name());
                }
                ObjectNode created = PatchApplier.apply(PatchType.APPLY, null, patch);
                defaults.onCreate(key.type(), created);
                return created;
            }
            requireVersion(key, current, expectedVersion);
            return merged(key.type(), current, PatchApplier.apply(patchType, current, patch), statusOnly);
        });
        return result.object();
    }

    /**
     * DELETE. A namespace only starts terminating (its contents go after a delay); anything else goes at once,
     * together with the objects it owns.
     */
    public ObjectNode delete(ObjectKey key) {
        if (key.type() == ResourceTypes.NAMESPACE) {
            return terminator.beginTermination(key.name());
        }
        WriteResult result = store.write(key, current -> null);
        if (result.outcome() == WriteResult.Outcome.ABSENT) {
            throw ApiException.notFound(key.type(), key.name());
        }
        collectGarbage(Meta.uid(result.object()));
        return result.object();
    }

    /** Deletes, transitively, every object whose ownerReferences name a deleted owner. */
    private void collectGarbage(String deletedOwnerUid) {
        Deque<String> deletedUids = new ArrayDeque<>();
        deletedUids.add(deletedOwnerUid);
        while (!deletedUids.isEmpty()) {
            for (ObjectKey dependent : store.dependents(deletedUids.poll())) {
                WriteResult result = store.write(dependent, current -> null);
                if (result.outcome() == WriteResult.Outcome.DELETED) {
                    deletedUids.add(Meta.uid(result.object()));
                }
            }
        }
    }

    private ObjectNode insert(ObjectKey key, ObjectNode object) {
        requireNamespaceAcceptsCreate(key);
        return store.write(key, current -> {
            if (current != null) {
                throw ApiException.alreadyExists(key.type(), key.name());
            }
            return object;
        }).object();
    }

    private void requireNamespaceAcceptsCreate(ObjectKey key) {
        if (!key.type().namespaced()) {
            return;
        }
        if (key.namespace().isEmpty()) {
            throw ApiException.badRequest("a namespace is required to create " + key.type().qualifiedName());
        }
        ObjectNode namespace = store.get(ObjectKey.of(ResourceTypes.NAMESPACE, "", key.namespace()))
                .orElseThrow(() -> ApiException.notFound(ResourceTypes.NAMESPACE, key.namespace()));
        if (Meta.isTerminating(namespace)) {
            throw ApiException.namespaceTerminating(key.type(), key.name(), key.namespace());
        }
    }

    /** The stored form of an update: a status write changes only status, any other write everything but status. */
    private ObjectNode merged(ResourceType type, ObjectNode current, ObjectNode desired, boolean statusOnly) {
        if (statusOnly) {
            ObjectNode result = current.deepCopy();
            JsonNode status = desired.get("status");
            if (status == null) {
                result.remove("status");
            } else {
                result.set("status", status);
            }
            return result;
        }
        if (type.hasStatus()) {
            if (current.has("status")) {
                desired.set("status", current.get("status").deepCopy());
            } else {
                desired.remove("status");
            }
        }
        defaults.onUpdate(type, current, desired);
        return desired;
    }

    private static void requireVersion(ObjectKey key, ObjectNode current, String expectedVersion) {
        if (!expectedVersion.isEmpty() && !expectedVersion.equals(Meta.resourceVersion(current))) {
            throw ApiException.conflict(key.type(), key.name());
        }
    }

    private static int pageStart(List<ObjectNode> sorted, String continueToken) {
        String after;
        try {
            after = new String(Base64.getUrlDecoder().decode(continueToken), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid continue token");
        }
        for (int i = 0; i < sorted.size(); i++) {
            if (listPosition(sorted.get(i)).compareTo(after) > 0) {
                return i;
            }
        }
        return sorted.size();
    }

    private static String continueTokenAfter(ObjectNode last) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(listPosition(last).getBytes(StandardCharsets.UTF_8));
    }

    /** Sorts like {@link ObjectKey#LIST_ORDER}: namespace, then name ("\0" sorts before every name character). */
    private static String listPosition(ObjectNode object) {
        return Meta.namespace(object) + "\0" + Meta.name(object);
    }

    /** Five characters of the alphabet Kubernetes uses for generated names. */
    public static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return suffix.toString();
    }
}
