package io.gcoding.coordinator;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time (BouncyCastle, EC P-256): a CA, and certificates it signs, written as PEM files
 * (certificate, PKCS#8 key) where gRPC's TLS reads them. Server certificates name 127.0.0.1 and localhost.
 */
final class TestCertificates {
    /** A certificate and its key on disk. */
    record Pair(Path certificate, Path privateKey) {
    }

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;

    /** A new CA named {@code name}, its files under {@code dir}. */
    TestCertificates(Path dir, String name) throws Exception {
        this.dir = dir;
        this.caKeys = keys();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder b = builder(subject, subject, caKeys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        this.ca = sign(b, caKeys);
        this.caFile = dir.resolve(name + "-ca.pem");
        writePem(caFile, "CERTIFICATE", ca.getEncoded());
    }

    Path ca() {
        return caFile;
    }

    /** A certificate for 127.0.0.1 / localhost (a server's; it serves a worker's too). */
    Pair issue(String name) throws Exception {
        KeyPair keys = keys();
        X509v3CertificateBuilder b = builder(new X500Name("CN=" + name),
                new X500Name(ca.getSubjectX500Principal().getName()), keys);
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        X509Certificate cert = sign(b, caKeys);
        Pair p = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + "-key.pem"));
        writePem(p.certificate(), "CERTIFICATE", cert.getEncoded());
        writePem(p.privateKey(), "PRIVATE KEY", keys.getPrivate().getEncoded()); // getEncoded() is PKCS#8
        return p;
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name subject, X500Name issuer, KeyPair keys) {
        long now = System.currentTimeMillis();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now ^ System.nanoTime()).abs(),
                new Date(now - 3_600_000L), new Date(now + 86_400_000L), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(b.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
