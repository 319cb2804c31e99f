// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.JcaHttpAuthBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The operator page in headless Chromium: an operator approves a request that Bouncy Castle's client then collects. */
class OperatorPageIT {
    static final String PASSWORD = "device-Secret-1";
    static final String LABEL = "registersimpleenroll-basic-idm-auth";
    static WebDriver browser;
    static String operator;

    @BeforeAll
    static void start() {
        TestServer.awaitReady();
        Shell.requireProgram("chromium");
        Shell.requireProgram("chromedriver");
        operator = TestServer.uniqueName("operator");
        assertEquals(201, TestServer.adminPost("/api/v1/accounts", "{\"username\":\"" + operator
                + "\",\"password\":\"operator-Secret-1\",\"role\":\"operator\"}").statusCode());
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--ignore-certificate-errors", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1400,900",
                "--user-data-dir=" + TestServer.workDir("chromium-profile").toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void operatorApprovesInTheBrowserAndTheClientCollectsTheCertificate() throws Exception {
        String cn = TestServer.uniqueName("page-dev");
        TestServer.registerDevice(cn, PASSWORD);
        ESTService est = ReenrollRulesIT.est("approve", null);
        PKCS10CertificationRequest csr = Csrs.csr(Csrs.rsaKey(2048), "CN=" + cn);
        var auth = new JcaHttpAuthBuilder("EST", cn, PASSWORD.toCharArray()).build();
        EnrollmentResponse pending = est.simpleEnroll(false, csr, auth);
        assertTrue(!pending.isCompleted(), "202: pending");
        long id = ApprovalIT.requestIdFor(cn);

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get("https://" + TestServer.HOST + ":" + TestServer.PORT + "/operator");
        browser.findElement(By.id("user")).sendKeys(operator);
        browser.findElement(By.id("password")).sendKeys("operator-Secret-1");
        browser.findElement(By.id("signin")).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("request-" + id)));
        String shown = row.getText();
        assertTrue(shown.contains("CN=" + cn), shown);
        assertTrue(shown.contains("RSA 2048"), "the decoded key: " + shown);
        assertTrue(shown.contains(cn + " (HTTP_BASIC)"), "the requesting identity: " + shown);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, TestServer.workDir("screenshots").resolve("operator-pending.png"), StandardCopyOption.REPLACE_EXISTING);
        row.findElement(By.cssSelector("button.approve")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Request " + id + " approved."));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("decided-" + id)));
        assertTrue(browser.findElement(By.id("decided-" + id)).getText().contains(operator));

        Thread.sleep(Math.max(0, pending.getNotBefore() - System.currentTimeMillis()) + 100);
        X509Certificate cert = BouncyCastleClientIT.first(est.simpleEnroll(pending)); // BC's retry of the same request
        assertEquals("CN=" + cn, cert.getSubjectX500Principal().getName());
        assertEquals(operator, TestServer.queryString("SELECT decided_by FROM approval_request WHERE id = ?", id));
    }

    @Test
    void rejectingNeedsAReasonAndWrongLoginsAreRefused() throws Exception {
        String cn = TestServer.uniqueName("page-rej");
        TestServer.registerDevice(cn, PASSWORD);
        RawHttps.Response pending = ApprovalIT.post(LABEL, Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), cn);
        assertEquals(202, pending.status());
        long id = ApprovalIT.requestIdFor(cn);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get("https://" + TestServer.HOST + ":" + TestServer.PORT + "/operator");
        browser.findElement(By.id("user")).sendKeys(operator);
        browser.findElement(By.id("password")).sendKeys("wrong-password");
        browser.findElement(By.id("signin")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Sign-in failed"));
        browser.findElement(By.id("password")).clear();
        browser.findElement(By.id("password")).sendKeys("operator-Secret-1");
        browser.findElement(By.id("signin")).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("request-" + id)));
        row.findElement(By.cssSelector("button.reject")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Give a reason"));
        row.findElement(By.id("reason-" + id)).sendKeys("not our device");
        row.findElement(By.cssSelector("button.reject")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Request " + id + " rejected."));
        RawHttps.Response rejected = ApprovalIT.post(LABEL, Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), cn);
        assertTrue(rejected.status() == 202, "a new CSR is a new request");
        assertEquals("REJECTED", TestServer.queryString("SELECT status FROM approval_request WHERE id = ?", id));
        assertEquals("not our device", TestServer.queryString("SELECT reason FROM approval_request WHERE id = ?", id));
    }
}
