package dev.freshet.registry;

import dev.freshet.infra.InfraEndpoints;
import dev.freshet.testinfra.SharedInfra;
import dev.freshet.testinfra.WithFreshetInfra;

/** The registry contract against S3Proxy from deploy/local. */
@WithFreshetInfra
class LocalRegistryIT extends RegistryContract {

    @Override
    protected InfraEndpoints endpoints() {
        return SharedInfra.endpoints();
    }
}
