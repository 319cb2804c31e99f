// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.pki.Names;

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
        if (Names.hasMultiValuedRdn(completed.subject())) {
            throw new Forbidden("subject: multi-valued RDNs are not accepted from password-authenticated devices");
        }
        List<String> cns = Names.values(completed.subject(), BCStyle.CN);
        if (cns.size() != 1 || !device.commonName().equals(cns.get(0))) {
            throw new Forbidden("subject: device '" + device.commonName()
                    + "' may only request its registered commonName");
        }
        if (device.serialNumber() != null && !device.serialNumber().isEmpty()) {
            List<String> serials = Names.values(completed.subject(), BCStyle.SERIALNUMBER);
            if (serials.size() != 1 || !device.serialNumber().equals(serials.get(0))) {
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
}
