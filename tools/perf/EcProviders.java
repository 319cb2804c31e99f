// SPDX-License-Identifier: Apache-2.0
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * docs/PERFORMANCE.md "Which provider verifies the CSR": one P-256 CSR verification (key decoded from the request,
 * as Pkcs10Request does) and one CA signature per provider, Bouncy Castle against the JDK's SunEC, single-threaded,
 * 20 000 each after a first pass of the same size (JIT).
 *   java -cp ~/.m2/repository/org/bouncycastle/bcprov-jdk18on/1.87/bcprov-jdk18on-1.87.jar tools/perf/EcProviders.java
 */
public class EcProviders {
    public static void main(String[] args) throws Exception {
        Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        byte[] message = new byte[300]; // about a CSR's signed part
        new SecureRandom().nextBytes(message);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(kp.getPrivate());
        s.update(message);
        byte[] signature = s.sign();
        int n = 20_000;
        for (int pass = 0; pass < 2; pass++) {
            for (String provider : new String[] {"BC", "SunEC"}) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    PublicKey key = KeyFactory.getInstance("EC", provider)
                            .generatePublic(new X509EncodedKeySpec(kp.getPublic().getEncoded()));
                    Signature v = Signature.getInstance("SHA256withECDSA", provider);
                    v.initVerify(key);
                    v.update(message);
                    if (!v.verify(signature)) {
                        throw new AssertionError("verification failed");
                    }
                }
                double verify = (System.nanoTime() - t0) / 1e6 / n;
                PrivateKey ca = KeyFactory.getInstance("EC", provider)
                        .generatePrivate(new PKCS8EncodedKeySpec(kp.getPrivate().getEncoded()));
                t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Signature signer = Signature.getInstance("SHA256withECDSA", provider);
                    signer.initSign(ca);
                    signer.update(message);
                    signer.sign();
                }
                double sign = (System.nanoTime() - t0) / 1e6 / n;
                if (pass == 1) {
                    System.out.printf("%-6s verify (with key decoding) %.3f ms, sign %.3f ms%n", provider, verify, sign);
                }
            }
        }
    }
}
