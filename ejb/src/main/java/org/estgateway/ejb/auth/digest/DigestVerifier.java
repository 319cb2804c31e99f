// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth.digest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.estgateway.ejb.config.Handler;
import org.estgateway.ejb.error.Unauthorized;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.ejb.pki.Fingerprint;
import org.estgateway.persistence.digest.DigestRepository;

/**
 * HTTP Digest (RFC 7616) for preregistered devices: challenges with fresh nonces, and verification of a
 * client's response against the stored H(user:realm:password). Protocol errors (stale nonce, replay, wrong
 * realm or qop) are 401s that do not count as failed passwords; a wrong response does.
 */
@ApplicationScoped
public class DigestVerifier {
    static final String URI_PREFIX = "/.well-known/est/";

    @Inject
    DigestKeys keys;
    @Inject
    DigestRepository digests;

    /** One challenge per configured algorithm, in the handler's order. Every value quoted: Bouncy Castle insists. */
    public List<String> challenges(Handler handler) {
        List<String> challenges = new ArrayList<>();
        for (String algorithm : handler.digestAlgorithms()) {
            byte[] opaque = new byte[8];
            Crypto.RANDOM.nextBytes(opaque);
            challenges.add("Digest realm=\"" + handler.realm() + "\", qop=\"auth\", algorithm=\"" + algorithm
                    + "\", nonce=\"" + keys.nonces().issue(Instant.now()) + "\", opaque=\""
                    + HexFormat.of().formatHex(opaque) + "\"");
        }
        return challenges;
    }

    /**
     * @return whether the response proves the password
     * @throws Unauthorized for responses that cannot be checked (not counted as a failed password)
     */
    public boolean verify(DigestResponse r, long deviceId, Handler handler, String method) {
        String algorithm = DigestMath.algorithm(r.get("algorithm")).filter(handler.digestAlgorithms()::contains)
                .orElseThrow(() -> refuse("Digest algorithm not offered", handler));
        if (!handler.realm().equals(r.get("realm"))) {
            throw refuse("Digest realm does not match", handler);
        }
        if (!"auth".equals(r.get("qop"))) {
            throw refuse("Digest requires qop=auth", handler);
        }
        String nonce = r.get("nonce");
        String nc = r.get("nc");
        String cnonce = r.get("cnonce");
        String uri = r.get("uri");
        String response = r.get("response");
        if (nonce == null || nc == null || cnonce == null || uri == null || response == null || !nc.matches("[0-9a-fA-F]{8}")) {
            throw refuse("incomplete Digest credentials", handler);
        }
        if (!uri.startsWith(URI_PREFIX)) {
            throw refuse("Digest uri is not an EST path", handler);
        }
        if (!keys.nonces().valid(nonce, Instant.now())) {
            throw refuse("stale or unknown Digest nonce", handler);
        }
        String ha1 = digests.ha1(deviceId, handler.realm(), algorithm).orElseThrow(() -> refuse(
                "no Digest credentials for realm '" + handler.realm() + "' (set the device password again)", handler));
        if (!DigestMath.equal(DigestMath.response(algorithm, ha1, nonce, nc, cnonce, method, uri), response)) {
            return false;
        }
        if (!digests.firstUse(Fingerprint.sha256(nonce.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).hex(),
                nc.toLowerCase(java.util.Locale.ROOT))) {
            throw refuse("replayed Digest nonce count", handler);
        }
        return true;
    }

    private Unauthorized refuse(String reason, Handler handler) {
        return new Unauthorized(reason, challenges(handler));
    }
}
