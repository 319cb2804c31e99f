// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.error.Forbidden;

/**
 * SPEC §4.2: a device that logs in with a password may only request a certificate for the subject it was
 * registered with. Checked on the completed subject:
 * <ul>
 * <li>commonName must equal the registered commonName (exactly, one CN);</li>
 * <li>a registered serialNumber must equal the subject's serialNumber;</li>
 * <li>dNSName SANs may only be the commonName or the registered dnsName (case-insensitive); iPAddress SANs
 * only the registered ipAddress; no other SAN types (e-mail, URI, ...).</li>
 * </ul>
 */
public final class DeviceBinding {
    private DeviceBinding() {
    }

    public static void check(Requester.DeviceLogin device, SubjectCompletion.Completed completed) {
        RDN[] cns = completed.subject().getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()
                || !device.commonName().equals(text(cns[0]))) {
            throw new Forbidden("subject: device '" + device.commonName()
                    + "' may only request its registered commonName");
        }
        if (device.serialNumber() != null && !device.serialNumber().isEmpty()) {
            RDN[] serials = completed.subject().getRDNs(BCStyle.SERIALNUMBER);
            if (serials.length != 1 || !device.serialNumber().equals(text(serials[0]))) {
                throw new Forbidden("subject: serialNumber does not match the registered one");
            }
        }
        Optional<GeneralNames> sans = completed.subjectAltNames();
        if (sans.isEmpty()) {
            return;
        }
        for (GeneralName name : sans.get().getNames()) {
            switch (name.getTagNo()) {
                case GeneralName.dNSName -> {
                    String dns = name.getName().toString().toLowerCase(Locale.ROOT);
                    boolean allowed = dns.equals(device.commonName().toLowerCase(Locale.ROOT))
                            || (device.dnsName() != null && dns.equals(device.dnsName().toLowerCase(Locale.ROOT)));
                    if (!allowed) {
                        throw new Forbidden("subjectAltName: dNSName " + dns + " is not registered for the device");
                    }
                }
                case GeneralName.iPAddress -> {
                    Optional<GeneralName> registered = device.ipAddress() == null ? Optional.empty()
                            : SubjectCompletion.ipAddress(device.ipAddress());
                    if (registered.isEmpty() || !registered.get().equals(name)) {
                        throw new Forbidden("subjectAltName: iPAddress is not registered for the device");
                    }
                }
                default -> throw new Forbidden("subjectAltName: only dNSName and iPAddress are allowed");
            }
        }
    }

    private static String text(RDN rdn) {
        return rdn.getFirst().getValue() instanceof ASN1String s ? s.getString() : rdn.getFirst().getValue().toString();
    }
}
