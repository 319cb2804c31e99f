// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.estgateway.ejb.enroll.EstOperation;
import org.estgateway.ejb.policy.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EstConfigTest {
    static final String MINIMAL = "handler.1.filter = simpleenroll\nhandler.1.format = est-simpleenroll\n";

    @TempDir
    Path dir;

    EstConfig parse(String text) throws IOException {
        Path file = dir.resolve("est.properties");
        Files.writeString(file, text);
        return EstConfig.load(Optional.of(file));
    }

    ConfigurationException refused(String text) {
        return assertThrows(ConfigurationException.class, () -> parse(text));
    }

    @Test
    void shippedExampleReproducesTheSeedsHandler() {
        EstConfig config = EstConfig.load(Optional.of(Path.of("../docs/est.properties.example")));
        Handler idm = config.match("registersimpleenroll-basic-idm-auth").orElseThrow();
        assertEquals(HandlerFormat.SIMPLEENROLL_IDM, idm.format());
        assertTrue(idm.format().approval());
        assertEquals("EST Registration and Enroll Procedure", idm.procedure().name());
        assertEquals(Handler.AuthType.BASIC, idm.authType());
        assertEquals("EST Realm", idm.realm());
        assertEquals("protocol-gateway-ra.p12", idm.idm().orElseThrow().tlsToken());
        assertEquals(Procedure.FORMAT_ESTENROLL, idm.procedure().format());
        assertTrue(idm.procedure().useAuthenticationCert());
        assertFalse(idm.procedure().mandatoryPassword());
        assertTrue(idm.procedure().checkSubjectValues());
        assertEquals(EstOperation.CACERTS, config.match("cacerts").orElseThrow().format().operation());
        assertFalse(config.requireLatestCertificate());
    }

    @Test
    void builtInHandlersServeThePlainRfcPathsOnly() {
        EstConfig config = EstConfig.builtIn();
        for (String op : List.of("cacerts", "csrattrs", "simpleenroll", "simplereenroll", "serverkeygen")) {
            assertEquals(op, config.match(op).orElseThrow().format().operation().path());
        }
        assertTrue(config.match("ca2/simpleenroll").isEmpty());
        assertTrue(config.match("fullcmc").isEmpty());
        assertTrue(config.match("simpleenrollX").isEmpty(), "the filter matches the whole path");
    }

    @Test
    void handlersAreTriedInNumberOrderAndFiltersAreRegularExpressions() throws IOException {
        EstConfig config = parse("handler.10.filter = .*/simpleenroll\nhandler.10.format = est-simpleenroll\n"
                + "handler.2.filter = (ca2|ca3)/simpleenroll\nhandler.2.format = est-simpleenroll\n"
                + "handler.2.realm = two\n");
        assertEquals("2", config.match("ca3/simpleenroll").orElseThrow().id());
        assertEquals("10", config.match("other/simpleenroll").orElseThrow().id());
    }

    @Test
    void defaultSectionAndProcedureByNameOrId() throws IOException {
        EstConfig config = parse("default.realm = Factory Realm\ndefault.tokenprocedure = Long Name\n"
                + "procedure.p1.name = Long Name\nprocedure.p1.validity = 30d\nprocedure.p1.keyusage = digitalSignature\n"
                + "procedure.p1.extendedkeyusage = clientAuth, serverAuth, 1.3.6.1.5.5.7.3.17\n"
                + "procedure.p1.subject.required = CN, O\nprocedure.p1.keytypes = ec-p384\n"
                + MINIMAL + "handler.2.filter = x/simpleenroll\nhandler.2.format = est-simpleenroll\nhandler.2.tokenprocedure = p1\n");
        Handler h = config.match("simpleenroll").orElseThrow();
        assertEquals("Factory Realm", h.realm());
        Procedure p = h.procedure();
        assertEquals(Duration.ofDays(30), p.profile().validity());
        assertEquals(KeyUsage.digitalSignature, p.profile().keyUsage());
        assertEquals(List.of(KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_ipsecIKE),
                p.profile().extendedKeyUsage());
        assertTrue(p.subjectRequired().contains(BCStyle.O));
        assertEquals(java.util.Set.of("ec-p384"), p.keyTypes());
        assertEquals("p1", config.match("x/simpleenroll").orElseThrow().procedure().id());
    }

    @Test
    void withoutTokenprocedureTheBuiltInDeviceProcedureApplies() throws IOException {
        Procedure p = parse(MINIMAL).match("simpleenroll").orElseThrow().procedure();
        assertEquals(Profile.DEVICE, p.profile());
    }

    @Test
    void unknownKeysAreRefusedNamingFileAndKey() {
        ConfigurationException e = refused(MINIMAL + "handler.1.filtre = x\n");
        assertTrue(e.getMessage().contains("est.properties: handler.1.filtre: unknown key"), e.getMessage());
        assertTrue(refused(MINIMAL + "colour = blue\n").getMessage().contains("colour: unknown key"));
        assertTrue(refused(MINIMAL + "procedure.p.validty = 3d\n").getMessage().contains("procedure.p.validty"));
        assertTrue(refused(MINIMAL + "default.filter = x\n").getMessage().contains("default.filter"));
    }

    @Test
    void badRegularExpressionIsRefused() {
        ConfigurationException e = refused("handler.1.filter = (simpleenroll\nhandler.1.format = est-simpleenroll\n");
        assertTrue(e.getMessage().contains("handler.1.filter: invalid regular expression"), e.getMessage());
    }

    @Test
    void missingProcedureIsRefused() {
        ConfigurationException e = refused(MINIMAL + "handler.1.tokenprocedure = Nope\n");
        assertTrue(e.getMessage().contains("handler.1.tokenprocedure: no procedure 'Nope'"), e.getMessage());
        assertTrue(refused("default.tokenprocedure = Nope\n" + MINIMAL).getMessage().contains("default.tokenprocedure"));
    }

    @Test
    void missingFilterOrFormatOrUnknownFormatIsRefused() {
        assertTrue(refused("handler.1.format = est-simpleenroll\n").getMessage().contains("handler.1.filter: is required"));
        assertTrue(refused("handler.1.filter = x\n").getMessage().contains("handler.1.format: is required"));
        assertTrue(refused("handler.1.filter = x\nhandler.1.format = est-fullcmc\n").getMessage().contains("unknown format"));
        assertTrue(refused("allowRenewalWithOldCertificates = true\n").getMessage().contains("no handler"));
    }

    @Test
    void seedRenewalKeyTrueMeansRequireTheLatestCertificate() throws IOException {
        assertTrue(parse(MINIMAL + "allowRenewalWithOldCertificates = true\n").requireLatestCertificate());
        assertTrue(parse(MINIMAL + "reenroll.requireLatestCertificate = true\n").requireLatestCertificate());
        assertTrue(parse(MINIMAL + "allowRenewalWithOldCertificates = true\nreenroll.requireLatestCertificate = true\n")
                .requireLatestCertificate());
        assertFalse(parse(MINIMAL + "allowRenewalWithOldCertificates = false\n").requireLatestCertificate());
    }

    @Test
    void conflictingRenewalKeysAreRefused() {
        ConfigurationException e = refused(MINIMAL + "allowRenewalWithOldCertificates = true\n"
                + "reenroll.requireLatestCertificate = false\n");
        assertTrue(e.getMessage().contains("reenroll.requireLatestCertificate: conflicts with allowRenewalWithOldCertificates"),
                e.getMessage());
    }

    @Test
    void handlerOverrideOfTheRenewalRule() throws IOException {
        EstConfig config = parse("handler.1.filter = simplereenroll\nhandler.1.format = est-simplereenroll\n"
                + "handler.1.reenroll.requireLatestCertificate = true\n"
                + "handler.2.filter = x/simplereenroll\nhandler.2.format = est-simplereenroll\n");
        assertTrue(config.requireLatestCertificate(config.match("simplereenroll").orElseThrow()));
        assertFalse(config.requireLatestCertificate(config.match("x/simplereenroll").orElseThrow()));
        assertTrue(refused(MINIMAL + "handler.1.reenroll.requireLatestCertificate = true\n").getMessage()
                .contains("only for est-simplereenroll"));
    }

    @Test
    void estenrollFieldsOnlyWithFormatEstenroll() {
        ConfigurationException e = refused(MINIMAL + "procedure.p.enroll.mandatorypassword = false\n");
        assertTrue(e.getMessage().contains("procedure.p.enroll.mandatorypassword"), e.getMessage());
        assertTrue(refused(MINIMAL + "procedure.p.format = pkcs12\n").getMessage().contains("procedure.p.format"));
    }

    @Test
    void authtypeOnlyOnEnrollingHandlersAndOnlyBasicOrDigest() throws IOException {
        assertTrue(refused("handler.1.filter = cacerts\nhandler.1.format = est-cacerts\nhandler.1.authtype = Basic\n")
                .getMessage().contains("handler.1.authtype: only for handlers that enroll"));
        assertTrue(refused(MINIMAL + "handler.1.authtype = NTLM\n").getMessage().contains("must be Basic or Digest"));
        assertEquals(Handler.AuthType.DIGEST, parse(MINIMAL + "handler.1.authtype = Digest\n")
                .match("simpleenroll").orElseThrow().authType());
        assertTrue(refused(MINIMAL + "handler.1.qop = auth-int\n").getMessage().contains("only qop=auth"));
    }

    @Test
    void valuesAreValidated() {
        assertTrue(refused(MINIMAL + "handler.1.allowChallengePassword = yes\n").getMessage().contains("true or false"));
        assertTrue(refused(MINIMAL + "procedure.p.validity = forever\n").getMessage().contains("procedure.p.validity"));
        assertTrue(refused(MINIMAL + "procedure.p.validity = 0d\n").getMessage().contains("positive"));
        assertTrue(refused(MINIMAL + "procedure.p.keyusage = keyCertSign\n").getMessage().contains("procedure.p.keyusage"));
        assertTrue(refused(MINIMAL + "procedure.p.extendedkeyusage = flying\n").getMessage().contains("extendedkeyusage"));
        assertTrue(refused(MINIMAL + "procedure.p.keytypes = dsa\n").getMessage().contains("keytypes"));
        assertTrue(refused(MINIMAL + "procedure.p.subject.required = XYZ\n").getMessage().contains("subject.required"));
        assertTrue(refused(MINIMAL + "procedure.p.serverkeygen.keytype = rsa-1024\n").getMessage().contains("serverkeygen.keytype"));
        assertTrue(refused(MINIMAL + "procedure.p.subject.allow-unknown-attributes = yes\n").getMessage()
                .contains("subject.allow-unknown-attributes"));
        assertTrue(refused(MINIMAL + "handler.1.requiredRoRoles = a b\n").getMessage().contains("requiredRoRoles"));
    }

    @Test
    void serverkeygenDefaultsToAKeyTypeLibestAcceptsAndWarnsOtherwise() throws IOException {
        String keygen = "handler.1.filter = serverkeygen\nhandler.1.format = est-serverkeygen\n";
        EstConfig plain = parse(keygen);
        assertEquals("rsa-2048", plain.match("serverkeygen").orElseThrow().procedure().serverKeygenKeyType());
        assertEquals("rsa-2048", EstConfig.builtIn().match("serverkeygen").orElseThrow().procedure().serverKeygenKeyType());
        assertEquals(List.of(), plain.warnings());
        assertEquals(List.of(), EstConfig.builtIn().warnings());
        String p256 = keygen + "handler.1.tokenprocedure = small\nprocedure.small.serverkeygen.keytype = ec-p256\n"
                + "handler.2.filter = x/serverkeygen\nhandler.2.format = est-serverkeygen\nhandler.2.tokenprocedure = small\n";
        EstConfig config = parse(p256);
        assertEquals("ec-p256", config.match("serverkeygen").orElseThrow().procedure().serverKeygenKeyType(),
                "an explicit ec-p256 still works (Bouncy Castle, curl)");
        assertEquals(1, config.warnings().size(), "one line per procedure: " + config.warnings());
        assertTrue(config.warnings().get(0).contains("'small'") && config.warnings().get(0).contains("libest"));
        assertEquals(List.of(), parse(MINIMAL + "procedure.small.serverkeygen.keytype = ed25519\n").warnings(),
                "no serverkeygen handler uses it");
    }

    @Test
    void unknownSubjectAttributesAreRefusedUnlessTheProcedureAllowsThem() throws IOException {
        assertFalse(parse(MINIMAL).match("simpleenroll").orElseThrow().procedure().allowUnknownSubjectAttributes());
        assertTrue(parse(MINIMAL + "procedure.p.subject.allow-unknown-attributes = true\nhandler.1.tokenprocedure = p\n")
                .match("simpleenroll").orElseThrow().procedure().allowUnknownSubjectAttributes());
    }

    @Test
    void durationsInDaysHoursOrIso() throws IOException {
        assertEquals(Duration.ofHours(12), parse(MINIMAL + "procedure.p.validity = 12h\nhandler.1.tokenprocedure = p\n")
                .match("simpleenroll").orElseThrow().procedure().profile().validity());
        assertEquals(Duration.ofDays(30), parse(MINIMAL + "procedure.p.validity = P30D\nhandler.1.tokenprocedure = p\n")
                .match("simpleenroll").orElseThrow().procedure().profile().validity());
    }

    @Test
    void raRolesAndNone() throws IOException {
        EstConfig config = parse(MINIMAL + "handler.1.requiredRoRoles = ra-officer, other\n"
                + "handler.2.filter = any\nhandler.2.format = est-simpleenroll\nhandler.2.requiredRoRoles = none\n");
        assertEquals(java.util.Set.of("ra-officer", "other"), config.match("simpleenroll").orElseThrow().requiredRoRoles().orElseThrow());
        assertTrue(config.match("any").orElseThrow().requiredRoRoles().orElseThrow().isEmpty());
        assertTrue(refused("handler.1.filter = simplereenroll\nhandler.1.format = est-simplereenroll\n"
                + "handler.1.requiredRoRoles = ra\n").getMessage().contains("not est-simplereenroll"));
    }

    @Test
    void idmSettingsNeedAnApprovalHandlerAndNeverShowThePassword() {
        ConfigurationException e = refused(MINIMAL + "handler.1.idm.requestUrl = https://idm\n"
                + "handler.1.idm.tls.token = t.p12\nhandler.1.idm.tls.password = s3cr3t-value\n");
        assertTrue(e.getMessage().contains("idm.* only for est-simpleenroll-idm"), e.getMessage());
        ConfigurationException http = refused("handler.1.filter = r\nhandler.1.format = est-simpleenroll-idm\n"
                + "handler.1.idm.requestUrl = http://idm\nhandler.1.idm.tls.token = t.p12\nhandler.1.idm.tls.password = s3cr3t-value\n");
        assertTrue(http.getMessage().contains("https://"), http.getMessage());
        assertFalse(http.getMessage().contains("s3cr3t-value"));
    }

    @Test
    void labelOfAPath() {
        assertNull(Handler.labelOf("simpleenroll", "simpleenroll"));
        assertEquals("ca2", Handler.labelOf("ca2/simpleenroll", "simpleenroll"));
        assertEquals("registersimpleenroll-basic-idm-auth", Handler.labelOf("registersimpleenroll-basic-idm-auth", "simpleenroll"));
    }

    @Test
    void unreadableFileIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> EstConfig.load(Optional.of(dir.resolve("missing.properties"))));
        assertTrue(e.getMessage().contains("missing.properties: EST_CONFIG: cannot read"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefusedRatherThanTheFirstSilentlyReplaced() {
        // found when two changes both added handler.80.*: the factory handler vanished without a word
        ConfigurationException e = refused(MINIMAL + "handler.2.filter = a/simpleenroll\nhandler.2.format = est-simpleenroll\n"
                + "handler.2.filter = b/simpleenroll\n");
        assertTrue(e.getMessage().contains("the key 'handler.2.filter' appears twice"), e.getMessage());
    }
}
