package io.storeorchestrator.clustersim.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The simulated etcd: objects indexed by type → namespace → name, with a label index and an owner index, so every
 * read and write costs in proportion to the objects it touches, never to the size of the cluster.
 *
 * <p>The store owns the system fields of metadata (uid, creationTimestamp, deletionTimestamp, resourceVersion,
 * generation): a write that changes nothing else keeps the stored object and its resourceVersion, and generation
 * moves only when {@code spec} changes. Stored objects are never mutated in place; callers that want to change one
 * go through {@link #write}, which hands them a copy.
 *
 * <p>Thread-safe: one read-write lock; listeners hear about changes after the lock is released, on the writer's
 * thread.
 */
public final class ObjectStore {

    /** 1 and 1L are the same replica count: parsed and built objects hold numbers in different node types. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<ResourceType, NavigableMap<String, NavigableMap<String, ObjectNode>>> objects = new HashMap<>();
    private final LabelIndex labelIndex = new LabelIndex();
    private final Map<String, Set<ObjectKey>> dependentsByOwnerUid = new HashMap<>();
    private final WatchHistory history;
    private final List<Consumer<StoreEvent>> listeners = new CopyOnWriteArrayList<>();
    /** Objects a list had to look at: the measure that lists touch only what they must (benchmarks, tests). */
    private final LongAdder objectsExamined = new LongAdder();
    private long resourceVersion;
    private int size;

    public ObjectStore(Clock clock, int watchHistorySize) {
        this.clock = clock;
        this.history = new WatchHistory(watchHistorySize);
    }

    public void addListener(Consumer<StoreEvent> listener) {
        listeners.add(listener);
    }

    public WatchHistory history() {
        return history;
    }

    /** The stored object; it must not be modified. */
    public Optional<ObjectNode> get(ObjectKey key) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(peek(key.type(), key.namespace()).get(key.name()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Objects of a type in list order, optionally in one namespace ({@code null} = all), filtered by selectors.
     * A cross-namespace list with an equality/set/exists label requirement reads only the indexed candidates.
     */
    public Listing list(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields) {
        lock.readLock().lock();
        try {
            return new Listing(select(type, namespace, labels, fields), resourceVersion);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The objects a list returns; the caller holds the read lock. */
    private List<ObjectNode> select(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields) {
        Optional<String> pinnedName = fields.required("metadata.name");
        String pinnedNamespace = namespace != null ? namespace : fields.required("metadata.namespace").orElse(null);
        if (pinnedName.isPresent() && (pinnedNamespace != null || !type.namespaced())) {
            ObjectNode object = peek(type, pinnedNamespace == null ? "" : pinnedNamespace).get(pinnedName.get());
            objectsExamined.increment();
            return object != null && matches(object, labels, fields) ? List.of(object) : List.of();
        }
        if (pinnedNamespace != null && type.namespaced()) {
            return filter(peek(type, pinnedNamespace).values(), labels, fields);
        }
        Optional<Set<ObjectKey>> candidates = labelIndex.candidates(type, labels);
        if (candidates.isPresent()) {
            List<ObjectKey> keys = new ArrayList<>(candidates.get());
            keys.sort(ObjectKey.LIST_ORDER);
            List<ObjectNode> found = new ArrayList<>(keys.size());
            keys.forEach(k -> found.add(peek(type, k.namespace()).get(k.name())));
            return filter(found, labels, fields);
        }
        List<ObjectNode> all = new ArrayList<>();
        objects.getOrDefault(type, Collections.emptyNavigableMap())
                .values().forEach(names -> all.addAll(names.values()));
        return filter(all, labels, fields);
    }

    /** Objects whose ownerReferences name this uid (what garbage collection deletes with their owner). */
    public List<ObjectKey> dependents(String ownerUid) {
        lock.readLock().lock();
        try {
            return List.copyOf(dependentsByOwnerUid.getOrDefault(ownerUid, Set.of()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every object in a namespace, of every type. */
    public List<ObjectKey> keysInNamespace(String namespace) {
        lock.readLock().lock();
        try {
            List<ObjectKey> keys = new ArrayList<>();
            objects.forEach((type, byNamespace) -> {
                if (type.namespaced()) {
                    byNamespace.getOrDefault(namespace, Collections.emptyNavigableMap())
                            .keySet().forEach(name -> keys.add(new ObjectKey(type, namespace, name)));
                }
            });
            return keys;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Atomically reads, changes and stores one object.
     *
     * @param change gets a private copy of the current object (null when absent) and returns the desired object,
     *               or null to delete it; it may throw to abort the write
     */
    public WriteResult write(ObjectKey key, UnaryOperator<ObjectNode> change) {
        WriteResult result;
        StoreEvent event = null;
        lock.writeLock().lock();
        try {
            ObjectNode current = peek(key.type(), key.namespace()).get(key.name());
            ObjectNode desired = change.apply(current == null ? null : current.deepCopy());
            if (desired == null) {
                if (current == null) {
                    return new WriteResult(WriteResult.Outcome.ABSENT, null);
                }
                unindex(key, current);
                NavigableMap<String, ObjectNode> bucket = peek(key.type(), key.namespace());
                bucket.remove(key.name());
                if (bucket.isEmpty()) {
                    objects.get(key.type()).remove(key.namespace());
                }
                size--;
                ObjectNode last = current.deepCopy();
                Meta.metadata(last).put("resourceVersion", Long.toString(++resourceVersion));
                event = new StoreEvent(StoreEvent.Type.DELETED, key, last, current, resourceVersion);
                result = new WriteResult(WriteResult.Outcome.DELETED, last);
            } else {
                stampSystemFields(key, current, desired);
                if (current != null && desired.equals(NUMBERS_BY_VALUE, current)) {
                    return new WriteResult(WriteResult.Outcome.UNCHANGED, current);
                }
                Meta.metadata(desired).put("resourceVersion", Long.toString(++resourceVersion));
                if (current != null) {
                    unindex(key, current);
                } else {
                    size++;
                }
                bucket(key.type(), key.namespace()).put(key.name(), desired);
                index(key, desired);
                event = new StoreEvent(current == null ? StoreEvent.Type.ADDED : StoreEvent.Type.MODIFIED,
                        key, desired, current, resourceVersion);
                result = new WriteResult(current == null ? WriteResult.Outcome.CREATED : WriteResult.Outcome.UPDATED,
                        desired);
            }
            history.append(event);
        } finally {
            lock.writeLock().unlock();
        }
        for (Consumer<StoreEvent> listener : listeners) {
            listener.accept(event);
        }
        return result;
    }

    /** How many stored objects lists have looked at so far. */
    public long objectsExamined() {
        return objectsExamined.sum();
    }

    /** Sets the fields only the server decides; the resourceVersion is left at the current one until a change. */
    private void stampSystemFields(ObjectKey key, ObjectNode current, ObjectNode desired) {
        ObjectNode meta = Meta.metadata(desired);
        meta.put("name", key.name());
        if (key.type().namespaced()) {
            meta.put("namespace", key.namespace());
        } else {
            meta.remove("namespace");
        }
        meta.remove("managedFields");
        meta.remove("selfLink");
        if (current == null) {
            if (meta.path("uid").asText("").isEmpty()) {
                meta.put("uid", UUID.randomUUID().toString());
            }
            meta.put("creationTimestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            meta.remove("resourceVersion");
            meta.remove("deletionTimestamp");
            if (desired.has("spec")) {
                meta.put("generation", 1L);
            } else {
                meta.remove("generation");
            }
            return;
        }
        ObjectNode currentMeta = (ObjectNode) current.get("metadata");
        meta.set("uid", currentMeta.get("uid"));
        meta.set("creationTimestamp", currentMeta.get("creationTimestamp"));
        meta.set("resourceVersion", currentMeta.get("resourceVersion"));
        if (currentMeta.has("deletionTimestamp")) {
            meta.set("deletionTimestamp", currentMeta.get("deletionTimestamp"));
        }
        long generation = Meta.generation(current);
        if (!sameValue(current.get("spec"), desired.get("spec"))) {
            generation++;
        }
        if (generation > 0) {
            meta.put("generation", generation);
        } else {
            meta.remove("generation");
        }
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        return a == null ? b == null : b != null && a.equals(NUMBERS_BY_VALUE, b);
    }

    private void index(ObjectKey key, ObjectNode object) {
        labelIndex.add(key, Meta.labels(object));
        for (String owner : Meta.ownerUids(object)) {
            dependentsByOwnerUid.computeIfAbsent(owner, o -> new HashSet<>()).add(key);
        }
    }

    private void unindex(ObjectKey key, ObjectNode object) {
        labelIndex.remove(key, Meta.labels(object));
        for (String owner : Meta.ownerUids(object)) {
            Set<ObjectKey> dependents = dependentsByOwnerUid.get(owner);
            if (dependents != null && dependents.remove(key) && dependents.isEmpty()) {
                dependentsByOwnerUid.remove(owner);
            }
        }
    }

    /** The objects of a type in a namespace, for reading (never creates the bucket: callers hold only a read lock). */
    private NavigableMap<String, ObjectNode> peek(ResourceType type, String namespace) {
        NavigableMap<String, NavigableMap<String, ObjectNode>> byNamespace = objects.get(type);
        NavigableMap<String, ObjectNode> names = byNamespace == null ? null : byNamespace.get(namespace);
        return names == null ? Collections.emptyNavigableMap() : names;
    }

    private NavigableMap<String, ObjectNode> bucket(ResourceType type, String namespace) {
        return objects.computeIfAbsent(type, t -> new TreeMap<>()).computeIfAbsent(namespace, n -> new TreeMap<>());
    }

    private List<ObjectNode> filter(Collection<ObjectNode> objects, LabelSelector labels, FieldSelector fields) {
        objectsExamined.add(objects.size());
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode object : objects) {
            if (matches(object, labels, fields)) {
                matching.add(object);
            }
        }
        return matching;
    }

    private static boolean matches(ObjectNode object, LabelSelector labels, FieldSelector fields) {
        return (labels.isEverything() || labels.matches(Meta.labels(object))) && fields.matches(object);
    }
}
