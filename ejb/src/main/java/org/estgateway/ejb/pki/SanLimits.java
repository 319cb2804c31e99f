// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.estgateway.ejb.error.MalformedRequest;

/**
 * The subjectAltName a request asks for: at most {@link #MAX_NAMES} names, no duplicates, each of a type the
 * gateway issues and within its bound. dNSName, rfc822Name and URI are IA5String (RFC 5280 §4.2.1.6) and here
 * printable ASCII only.
 */
public final class SanLimits {
    static final int MAX_NAMES = 100;
    static final int MAX_DNS = 253;           // RFC 1035 §2.3.4, without a trailing dot
    static final int MAX_EMAIL = 255;         // ub-emailaddress-length
    static final int MAX_URI = 1024;
    static final int MAX_OTHER = 256;         // otherName, registeredID: DER bytes
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

    private SanLimits() {
    }

    public static void check(GeneralNames names) {
        GeneralName[] all = names.getNames();
        if (all.length == 0) {
            throw new MalformedRequest("subjectAltName: empty");
        }
        if (all.length > MAX_NAMES) {
            throw new MalformedRequest("subjectAltName: " + all.length + " names, at most " + MAX_NAMES);
        }
        Set<String> seen = new HashSet<>();
        for (GeneralName name : all) {
            String key = name.getTagNo() + ":" + checkName(name);
            if (!seen.add(key)) {
                throw new MalformedRequest("subjectAltName: duplicate " + type(name.getTagNo()) + " "
                        + printable(key.substring(key.indexOf(':') + 1)));
            }
        }
    }

    /** Checks one name and returns its comparison key (case-folded where the name is case-insensitive). */
    private static String checkName(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> {
                String dns = ascii(name, MAX_DNS);
                if (!DNS_NAME.matcher(dns).matches()) {
                    throw new MalformedRequest("subjectAltName: dNSName '" + dns + "' is not a host name");
                }
                yield dns.toLowerCase(Locale.ROOT);
            }
            case GeneralName.rfc822Name -> {
                String mail = ascii(name, MAX_EMAIL);
                int at = mail.lastIndexOf('@');
                if (at <= 0 || at == mail.length() - 1) {
                    throw new MalformedRequest("subjectAltName: rfc822Name '" + mail + "' is not a mailbox");
                }
                yield mail.toLowerCase(Locale.ROOT);
            }
            case GeneralName.uniformResourceIdentifier -> {
                String uri = ascii(name, MAX_URI);
                try {
                    if (!new URI(uri).isAbsolute()) {
                        throw new MalformedRequest("subjectAltName: URI without a scheme");
                    }
                } catch (URISyntaxException e) {
                    throw new MalformedRequest("subjectAltName: URI is not a valid URI");
                }
                yield uri;
            }
            case GeneralName.iPAddress -> {
                byte[] ip = ASN1OctetString.getInstance(name.getName()).getOctets();
                if (ip.length != 4 && ip.length != 16) {
                    throw new MalformedRequest("subjectAltName: iPAddress of " + ip.length + " bytes (4 or 16)");
                }
                yield HexFormat.of().formatHex(ip);
            }
            case GeneralName.directoryName -> {
                X500Name dn = X500Name.getInstance(name.getName());
                SubjectValues.checkSubject(dn, "subjectAltName directoryName");
                yield HexFormat.of().formatHex(SubjectValues.encoded(dn.toASN1Primitive()));
            }
            case GeneralName.otherName, GeneralName.registeredID -> {
                byte[] der = SubjectValues.encoded(name.getName().toASN1Primitive());
                if (der.length > MAX_OTHER) {
                    throw new MalformedRequest("subjectAltName: " + type(name.getTagNo()) + " longer than "
                            + MAX_OTHER + " bytes");
                }
                yield HexFormat.of().formatHex(der);
            }
            default -> throw new MalformedRequest("subjectAltName: " + type(name.getTagNo()) + " names are not issued");
        };
    }

    private static String ascii(GeneralName name, int bound) {
        String text = ((ASN1String) name.getName()).getString();
        String label = "subjectAltName " + type(name.getTagNo());
        if (text.isEmpty() || text.length() > bound) {
            throw new MalformedRequest(label + ": " + text.length() + " characters, must be 1 to " + bound);
        }
        SubjectValues.checkCharacters(text, label);
        if (!VISIBLE_ASCII.matcher(text).matches()) {
            throw new MalformedRequest(label + ": only visible ASCII characters are allowed");
        }
        return text;
    }

    private static String type(int tag) {
        return switch (tag) {
            case GeneralName.otherName -> "otherName";
            case GeneralName.rfc822Name -> "rfc822Name";
            case GeneralName.dNSName -> "dNSName";
            case GeneralName.x400Address -> "x400Address";
            case GeneralName.directoryName -> "directoryName";
            case GeneralName.ediPartyName -> "ediPartyName";
            case GeneralName.uniformResourceIdentifier -> "URI";
            case GeneralName.iPAddress -> "iPAddress";
            case GeneralName.registeredID -> "registeredID";
            default -> "[" + tag + "]";
        };
    }

    private static String printable(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
