// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.pki.Names;
import org.estgateway.ejb.pki.Pkcs10Request;

/**
 * The seed's subject completion rule (Protocol Gateway, "EST enrollment endpoint"):
 * <ul>
 * <li>if the request has neither dNSName nor iPAddress SANs, dNSName is copied from unstructuredName, else
 * from commonName, and iPAddress from unstructuredAddress;</li>
 * <li>if the subject has no commonName, it is copied from the (completed) dNSName.</li>
 * </ul>
 * Decisions of ours: a commonName that is an IP literal becomes an iPAddress SAN rather than a dNSName; a
 * commonName that is not a host name (e.g. "Meter 17") is not copied; an unstructuredAddress that is not an
 * IPv4/IPv6 address refuses the request (400), since silently dropping it would issue a different identity.
 */
public final class SubjectCompletion {
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\\.?");

    private SubjectCompletion() {
    }

    /** The subject and SANs to certify. {@code subjectAltNames} is empty when there are none. */
    public record Completed(X500Name subject, Optional<GeneralNames> subjectAltNames) {
    }

    public static Completed complete(Pkcs10Request request) {
        X500Name subject = request.subject();
        List<GeneralName> sans = new ArrayList<>(request.subjectAltNames()
                .map(g -> Arrays.asList(g.getNames())).orElse(List.of()));

        boolean hasDnsOrIp = sans.stream().anyMatch(
                n -> n.getTagNo() == GeneralName.dNSName || n.getTagNo() == GeneralName.iPAddress);
        if (!hasDnsOrIp) {
            List<String> unstructuredNames = request.unstructuredNames();
            Optional<String> name = unstructuredNames.isEmpty() ? commonName(subject) : Optional.of(unstructuredNames.get(0));
            name.ifPresent(n -> addHost(sans, n.strip()));
            for (String address : request.unstructuredAddresses()) {
                sans.add(ipAddress(address.strip()).orElseThrow(() -> new MalformedRequest(
                        "subject completion: unstructuredAddress '" + printable(address) + "' is not an IP address")));
            }
        }
        if (commonName(subject).isEmpty()) {
            // RFC 5280 ub-common-name: a longer dNSName stays a SAN only
            Optional<String> dns = sans.stream().filter(n -> n.getTagNo() == GeneralName.dNSName)
                    .map(n -> n.getName().toString()).filter(n -> n.length() <= 64).findFirst();
            if (dns.isPresent()) {
                subject = withCommonName(subject, dns.get());
            }
        }
        return new Completed(subject, sans.isEmpty() ? Optional.empty()
                : Optional.of(new GeneralNames(sans.toArray(GeneralName[]::new))));
    }

    public static Optional<String> commonName(X500Name subject) {
        return Names.values(subject, BCStyle.CN).stream().findFirst();
    }

    private static void addHost(List<GeneralName> sans, String host) {
        Optional<GeneralName> ip = ipAddress(host);
        if (ip.isPresent()) {
            sans.add(ip.get());
        } else if (HOST_NAME.matcher(host).matches()) {
            sans.add(new GeneralName(GeneralName.dNSName, host));
        }
    }

    /** An iPAddress GeneralName for an IPv4 or IPv6 literal; BC validates the syntax. */
    public static Optional<GeneralName> ipAddress(String text) {
        if (text.isEmpty() || !text.matches("[0-9A-Fa-f:.]+") || (!text.contains(".") && !text.contains(":"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GeneralName(GeneralName.iPAddress, text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static X500Name withCommonName(X500Name subject, String cn) {
        RDN[] rdns = subject.getRDNs();
        RDN[] completed = Arrays.copyOf(rdns, rdns.length + 1);
        completed[rdns.length] = new RDN(new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String(cn)));
        return new X500Name(completed);
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
