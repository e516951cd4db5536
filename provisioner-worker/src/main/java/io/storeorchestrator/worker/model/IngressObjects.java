package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.Objects;

import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_APP;

/** The store's public entry: its host routed to the app Service, with TLS when {@link TlsCondition} is met. */
public final class IngressObjects {

    public static final String INGRESS_NAME = "storefront";

    private IngressObjects() {
    }

    public static Ingress ingress(StoreSpec store, WorkerConfig config) {
        String host = Objects.requireNonNull(store.host(), "a provisioned store needs a host");
        TlsCondition tls = TlsCondition.from(config);
        return new IngressBuilder()
                .withNewMetadata()
                .withName(INGRESS_NAME)
                .withNamespace(store.namespace())
                .withLabels(store.labels(COMPONENT_APP, INGRESS_NAME))
                .withAnnotations(tls.annotations())
                .endMetadata()
                .withNewSpec()
                .withIngressClassName(config.ingressClass())
                .withTls(tls.tls(host))
                .addNewRule()
                .withHost(host)
                .withNewHttp()
                .withPaths(storefrontPath(store))
                .endHttp()
                .endRule()
                .endSpec()
                .build();
    }

    /** Every path of a host to the app's Service: the store's own host and each of its custom domains. */
    static HTTPIngressPath storefrontPath(StoreSpec store) {
        return new HTTPIngressPathBuilder()
                .withPath("/")
                .withPathType("Prefix")
                .withNewBackend()
                .withNewService()
                .withName(store.appName())
                .withNewPort().withNumber(ApplicationObjects.SERVICE_PORT).endPort()
                .endService()
                .endBackend()
                .build();
    }
}
