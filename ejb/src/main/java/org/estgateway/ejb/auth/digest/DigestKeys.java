// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth.digest;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.persistence.digest.DigestRepository;

/** The Digest nonce key, shared by all nodes through PostgreSQL; and the clean-up of old nonce uses. */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DigestKeys {
    @Resource
    SessionContext context;
    @Inject
    DigestRepository digests;

    private volatile Nonces nonces;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void load() {
        byte[] candidate = new byte[32];
        Crypto.RANDOM.nextBytes(candidate);
        nonces = new Nonces(digests.secret("digest-nonce-key", candidate));
    }

    public Nonces nonces() {
        return nonces;
    }

    /** Nonce uses older than twice a nonce's lifetime can no longer matter. */
    /** The work runs in its own transaction inside the tick, so an outage skips the tick quietly (ClientCaNamesPublisher). */
    @Schedule(minute = "*/10", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void forgetOldNonceUses() {
        context.getBusinessObject(DigestKeys.class).forgetNow();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void forgetNow() {
        digests.forgetNonceUsesBefore(Instant.now().minus(Nonces.LIFETIME.multipliedBy(2)));
    }
}
