package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
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
            String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
            ChromeDriver browser = chromium(basic);
            try {
                String page = "http://127.0.0.1:" + http + "/system/console/coinfer";
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
                wait.until(b -> {
                    b.get(page);
                    return !b.findElements(By.id("models")).isEmpty();
                });
                assertTrue("the models", browser.findElement(By.id("models")).getText().contains("b-alexnet"));
                assertTrue("the request table", browser.findElement(By.id("requests")).isDisplayed());
                shot(browser, shots, "1-device-page.png");

                // Wait until the device plans with both profiles: a request that does not fall back.
                wait.until(b -> !submit(browser, "infer", "ran").contains("fell back"));

                browser.findElement(By.id("deadlineMs")).sendKeys("37");
                new Select(browser.findElement(By.id("strategy"))).selectByValue("neurosurgeon");
                assertTrue(submit(browser, "save", "saved").contains("neurosurgeon"));
                shot(browser, shots, "2-saved.png");

                String ran = submit(browser, "infer", "ran");
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
                String refused = submit(browser, "save", "refused");
                assertTrue(refused, refused.contains("latency requirement: expected a number of milliseconds above 0, found -5"));
                assertTrue("nothing changed", browser.getPageSource().contains("requirement 37.0 ms, strategy neurosurgeon"));
                shot(browser, shots, "4-refused.png");
                int rows = browser.findElements(By.cssSelector("#requests tbody tr")).size();

                // The live part refreshes in place: a request sent from elsewhere shows up, the page is not
                // reloaded (a mark left on it stays), and the link chart fills in (a sample a second).
                browser.executeScript("window.coinferMark = 'still here';");
                HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page))
                        .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("action=infer")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(302, sent.statusCode());
                wait.until(b -> b.findElements(By.cssSelector("#requests tbody tr")).size() >= rows + 1
                        && !b.findElements(By.cssSelector("#live svg polyline")).isEmpty());
                assertEquals("refreshed in place, not reloaded", "still here", browser.executeScript("return window.coinferMark;"));
                shot(browser, shots, "5-live-refresh.png");

                // One request planned to run whole on the edge, so the edge has served something to show.
                new Select(browser.findElement(By.id("strategy"))).selectByValue("edge-only");
                browser.findElement(By.id("deadlineMs")).clear();
                submit(browser, "save", "saved");
                String edgeOnly = submit(browser, "infer", "ran");
                assertTrue(edgeOnly, edgeOnly.startsWith("Ran one request: edge-only: exit 5, cut 0"));

                // The edge's page: this device connected, authenticated by its certificate, and what it asked for.
                browser.get("http://127.0.0.1:" + edgeHttp + "/system/console/coinfer");
                String devices = browser.findElement(By.id("devices")).getText();
                assertTrue(devices, devices.contains("CN=coinfer-device"));
                assertTrue("requests served, by model and cut", browser.findElement(By.id("served")).getText().contains("b-alexnet"));
                assertTrue(browser.findElement(By.id("queue")).getText().contains("1 device(s) connected"));
                shot(browser, shots, "6-edge-page.png");
                System.out.println("console screenshots: " + shots.toAbsolutePath());
            } finally {
                browser.quit();
            }
            assertEquals("the device container still runs", true, device.isAlive());
        }
    }

    /**
     * Headless chromium from Debian, through its own chromedriver: Selenium downloads nothing.
     * It sends the console's Basic credentials with every request, page and script alike, as a
     * browser does once its user has logged in.
     */
    private static ChromeDriver chromium(String basic) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", basic)));
        return driver;
    }

    /** Clicks a form's button and returns the text of the element the next page shows, once it is there. */
    private static String submit(ChromeDriver browser, String button, String shows) {
        WebElement b = browser.findElement(By.id(button));
        b.click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.stalenessOf(b));
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(shows))).getText();
    }

    private static void shot(ChromeDriver browser, Path dir, String name) throws Exception {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
