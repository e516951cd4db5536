package io.storeorchestrator.clustersim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchApplierTest {

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text);
    }

    private final ObjectNode deployment = json("""
            {"metadata":{"name":"web","labels":{"a":"1","b":"2"}},
             "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"web","image":"v1"}]}}},
             "status":{"readyReplicas":1}}""");

    @Test
    void mergePatchMergesObjectsReplacesListsAndDeletesNulls() {
        ObjectNode patched = PatchApplier.apply(PatchType.MERGE, deployment, json("""
                {"metadata":{"labels":{"b":null,"c":"3"}},
                 "spec":{"template":{"spec":{"containers":[{"name":"web","image":"v2"}]}}}}"""));

        assertThat(patched.at("/metadata/labels")).isEqualTo(json("{\"a\":\"1\",\"c\":\"3\"}"));
        assertThat(patched.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(patched.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("v2");
        assertThat(deployment.at("/metadata/labels/b").asText()).as("input untouched").isEqualTo("2");
    }

    @Test
    void applyOfTheSameFieldsIsANoOp() {
        ObjectNode applied = PatchApplier.apply(PatchType.APPLY, deployment, deployment.deepCopy());
        assertThat(applied).isEqualTo(deployment);
    }

    @Test
    void applyToNothingCreatesTheAppliedObject() {
        ObjectNode applied = PatchApplier.apply(PatchType.APPLY, null, json("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {key: value}
                """));
        assertThat(applied.at("/data/key").asText()).isEqualTo("value");
        assertThat(applied.path("kind").asText()).isEqualTo("ConfigMap");
    }

    @Test
    void jsonPatchAppliesOperationsInOrder() {
        ObjectNode patched = PatchApplier.apply(PatchType.JSON_PATCH, deployment, Json.parse("""
                [{"op":"replace","path":"/spec/replicas","value":3},
                 {"op":"add","path":"/metadata/labels/c","value":"3"},
                 {"op":"remove","path":"/metadata/labels/a"},
                 {"op":"test","path":"/metadata/name","value":"web"}]"""));
        assertThat(patched.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(patched.at("/metadata/labels")).isEqualTo(json("{\"b\":\"2\",\"c\":\"3\"}"));
    }

    @Test
    void failingJsonPatchIsInvalid() {
        assertThatThrownBy(() -> PatchApplier.apply(PatchType.JSON_PATCH, deployment,
                Json.parse("[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"other\"}]")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
    }

    @Test
    void contentTypesPickThePatchFlavour() {
        assertThat(PatchType.fromContentType("application/apply-patch+yaml")).isEqualTo(PatchType.APPLY);
        assertThat(PatchType.fromContentType("application/merge-patch+json")).isEqualTo(PatchType.MERGE);
        assertThat(PatchType.fromContentType("application/strategic-merge-patch+json; charset=utf-8"))
                .isEqualTo(PatchType.MERGE);
        assertThat(PatchType.fromContentType("application/json-patch+json")).isEqualTo(PatchType.JSON_PATCH);
        assertThatThrownBy(() -> PatchType.fromContentType("text/plain"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
    }
}
