package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The device's console page in a real browser: Debian's headless chromium, driven by Selenium
 * through Debian's chromedriver (nothing is downloaded), against a device container and an edge
 * container running as the shipped jars. It logs in, sees the models and the request table,
 * sets the requirement and the strategy in the form, runs a request and sees its plan follow
 * them, and sees a bad value refused; then, on the edge's page, the device connected and what
 * it asked for. Each step leaves a screenshot.
 */
public class ConsoleBrowserIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @Test
    public void anOperatorChangesTheSettingsAndTheNextRequestFollowsThem() throws Exception {
        assertTrue(CHROMIUM + " and " + CHROMEDRIVER + " are needed: apt-get install chromium chromium-driver (.ci/run does)",
                new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute());
        Path shots = Files.createDirectories(Path.of(System.getProperty("coinfer.it.work.dir", "target")).resolve("screenshots"));
        String password = UUID.randomUUID().toString();
        int http = Coinfer.freePort();
        int edgeHttp = Coinfer.freePort();
        try (Coinfer.ContainerProcess edge = Coinfer.ContainerProcess.edge("browser", Coinfer.freePort(), edgeHttp, password);
                Coinfer.ContainerProcess device = Coinfer.ContainerProcess.device("browser", edge.port(), http, password)) {
            WebDriver browser = chromium();
            try {
                // Basic authentication, as the console asks for it, given in the address.
                String page = "http://admin:" + password + "@127.0.0.1:" + http + "/system/console/coinfer";
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
                wait.until(b -> {
                    b.get(page);
                    return !b.findElements(By.id("models")).isEmpty();
                });
                assertTrue("the models", browser.findElement(By.id("models")).getText().contains("b-alexnet"));
                assertTrue("the request table", browser.findElement(By.id("requests")).isDisplayed());
                shot(browser, shots, "1-device-page.png");

                // Wait until the device plans with both profiles: a request that does not fall back.
                wait.until(b -> {
                    b.findElement(By.id("infer")).click();
                    String ran = b.findElement(By.id("ran")).getText();
                    return !ran.contains("fell back");
                });

                browser.findElement(By.id("deadlineMs")).sendKeys("37");
                new Select(browser.findElement(By.id("strategy"))).selectByValue("neurosurgeon");
                browser.findElement(By.id("save")).click();
                assertTrue(browser.findElement(By.id("saved")).getText().contains("neurosurgeon"));
                shot(browser, shots, "2-saved.png");

                browser.findElement(By.id("infer")).click();
                String ran = browser.findElement(By.id("ran")).getText();
                assertTrue(ran, ran.startsWith("Ran one request: neurosurgeon:") && ran.contains("requirement of 37.0 ms"));
                // The live part, refreshed in place, lists it first.
                wait.until(b -> {
                    WebElement first = b.findElement(By.cssSelector("#requests tbody tr"));
                    return first.getText().contains("neurosurgeon") && first.getText().contains("37.0 ms");
                });
                shot(browser, shots, "3-request-followed.png");

                WebElement deadline = browser.findElement(By.id("deadlineMs"));
                deadline.clear();
                deadline.sendKeys("-5");
                browser.findElement(By.id("save")).click();
                String refused = browser.findElement(By.id("refused")).getText();
                assertTrue(refused, refused.contains("latency requirement: expected a number of milliseconds above 0, found -5"));
                assertTrue("nothing changed", browser.getPageSource().contains("requirement 37.0 ms, strategy neurosurgeon"));
                shot(browser, shots, "4-refused.png");

                // One request planned to run whole on the edge, so the edge has served something to show.
                new Select(browser.findElement(By.id("strategy"))).selectByValue("edge-only");
                browser.findElement(By.id("deadlineMs")).clear();
                browser.findElement(By.id("save")).click();
                browser.findElement(By.id("infer")).click();
                String edgeOnly = browser.findElement(By.id("ran")).getText();
                assertTrue(edgeOnly, edgeOnly.startsWith("Ran one request: edge-only: exit 5, cut 0"));

                // The edge's page: this device connected, authenticated by its certificate, and what it asked for.
                browser.get("http://admin:" + password + "@127.0.0.1:" + edgeHttp + "/system/console/coinfer");
                String devices = browser.findElement(By.id("devices")).getText();
                assertTrue(devices, devices.contains("CN=coinfer-device"));
                assertTrue("requests served, by model and cut", browser.findElement(By.id("served")).getText().contains("b-alexnet"));
                assertTrue(browser.findElement(By.id("queue")).getText().contains("1 device(s) connected"));
                shot(browser, shots, "5-edge-page.png");
                System.out.println("console screenshots: " + shots.toAbsolutePath());
            } finally {
                browser.quit();
            }
            assertEquals("the device container still runs", true, device.isAlive());
        }
    }

    /** Headless chromium from Debian, through its own chromedriver: Selenium downloads nothing. */
    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void shot(WebDriver browser, Path dir, String name) throws Exception {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
