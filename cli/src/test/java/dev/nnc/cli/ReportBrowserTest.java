package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nnc.cli.Cli.Run;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The training report in a real browser: Debian's headless Chromium lays out a real run's report.html
 * and a comparison of two runs, and the tests read the charts, heat map and diagram back from the DOM
 * after layout, check that the page logged no error and fetched nothing, and keep a screenshot of each
 * page in {@code target/browser/}.
 *
 * <p>The pages come from a small HTTP server on the loopback interface rather than from {@code file:}
 * URLs: Chromium leaves {@code file:} loads out of the page's Resource Timing entries (an image beside
 * the page loads, yet {@code performance.getEntriesByType('resource')} stays empty), so only over
 * HTTP does "the page fetched nothing" mean something. The server also notes every path it is asked
 * for, a second witness.
 *
 * <p>Skipped where Chromium is not installed, except under {@code NNC_REQUIRE_BROWSER=1} (set by CI,
 * which installs it), where that is a failure.
 */
class ReportBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Relative to cli/, surefire's working directory; kept after the build as the test's artifacts. */
  private static final Path SCREENSHOTS = Path.of("target", "browser");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final Pattern SAVED = Pattern.compile("Run saved to (.+?)" + Pattern.quote(File.separator)
      + ", report: (.+)");
  private static final String[] CHARTS = {"chart-loss", "chart-accuracy", "chart-lr"};
  private static final String FAVICON = "/favicon.ico";

  @TempDir static Path shared;

  static Path model;
  static Path runA;
  static Path runB;
  static Path comparison;
  static HttpServer server;
  /** Every path the server was asked for, in order. */
  static final List<String> requests = new CopyOnWriteArrayList<>();
  static ChromeDriver browser;

  @BeforeAll
  static void trainTwoRunsAndStartTheBrowser() throws IOException {
    requireBrowser();
    model = copyIrisWithValidation(shared.resolve("model"));
    Path runs = shared.resolve("runs");
    runA = train(runs, "a", "--epochs", 30);
    runB = train(runs, "b", "--epochs", 30, "--lr", 0.1);
    comparison = shared.resolve("comparison.html");
    Run report = Cli.run("report", runA.getFileName(), runB.getFileName(), "--runs", runs, "-o", comparison);
    assertEquals(0, report.code(), report.describe());
    Files.createDirectories(SCREENSHOTS);
    server = serve(shared);
    browser = startBrowser(shared.resolve("chromium-profile"));
  }

  @AfterAll
  static void quitTheBrowser() {
    try {
      if (browser != null) {
        browser.quit(); // ends Chromium and chromedriver
      }
    } finally {
      browser = null;
      if (server != null) {
        server.stop(0);
      }
    }
  }

  @Test
  void everyChartIsLaidOutWithLinesOfNonZeroLength() {
    open(runA.resolve("report.html"));
    for (String id : CHARTS) {
      WebElement chart = browser.findElement(By.id(id));
      assertTrue(chart.isDisplayed(), id + " is not displayed");
      Map<?, ?> box = (Map<?, ?>) browser.executeScript(
          "const r = arguments[0].getBoundingClientRect(); return {width: r.width, height: r.height};", chart);
      assertTrue(number(box.get("width")) > 0 && number(box.get("height")) > 0, id + " laid out as " + box);
      List<?> lengths = (List<?>) browser.executeScript(
          "return [...arguments[0].querySelectorAll('g.series polyline')].map(p => p.getTotalLength());", chart);
      assertFalse(lengths.isEmpty(), id + " has no polyline");
      for (Object length : lengths) {
        assertTrue(number(length) > 0, id + ": a polyline of length " + length + " in " + lengths);
      }
      assertTrue(number(browser.executeScript(
          "return arguments[0].querySelectorAll('g.series circle').length;", chart)) > 0, id + " has no markers");
    }
  }

  @Test
  void lossChartShowsTrainingAndValidation() {
    open(runA.resolve("report.html"));
    assertEquals(List.of("training", "validation"), seriesNames("chart-loss"));
  }

  @Test
  void confusionMatrixHoldsEveryTestRow() {
    open(runA.resolve("report.html"));
    List<WebElement> cells = browser.findElements(By.cssSelector("#confusion g.cell"));
    assertEquals(9, cells.size(), "3 classes, 3 × 3 cells");
    long sum = 0;
    for (WebElement cell : cells) {
      sum += Long.parseLong(cell.findElement(By.tagName("text")).getText().strip());
    }
    String heading = browser.findElement(By.cssSelector("#evaluation h2")).getText();
    Matcher rows = Pattern.compile("Test set \\((\\d+) rows\\)").matcher(heading);
    assertTrue(rows.matches(), heading);
    // iris: 150 flowers, a fifth of them held out
    assertEquals(30, Integer.parseInt(rows.group(1)), heading);
    assertEquals(30, sum, "the cells' counts add up to the test rows");
  }

  @Test
  void diagramAndSummaryShowEveryLayer() throws IOException {
    open(runA.resolve("report.html"));
    int layers = networkLines(model);
    assertEquals(3, layers, "iris.nn: input 4, dense 16 relu, dense 3 softmax");
    assertEquals(layers, browser.findElements(By.cssSelector("#diagram g.layer")).size());
    assertTrue(browser.findElement(By.id("diagram")).isDisplayed());
    assertEquals(layers, browser.findElements(By.cssSelector("#summary tbody tr:not(.total)")).size());
  }

  @Test
  void reportIsSelfContainedAndClean() throws IOException {
    open(runA.resolve("report.html"));
    assertTrue(browser.getTitle().contains("Iris"), browser.getTitle());
    assertTrue(browser.findElement(By.id("hyperparameters")).isDisplayed());
    assertTrue(browser.findElement(By.id("classes")).isDisplayed());
    assertNothingFetched();
    assertNoConsoleErrors();
    screenshot("report.png");
  }

  @Test
  void comparisonShowsBothRunsAndWhatDiffers() throws IOException {
    open(comparison);
    String text = browser.findElement(By.tagName("body")).getText();
    for (Path run : List.of(runA, runB)) {
      assertTrue(text.contains(run.getFileName().toString()), run.getFileName() + " missing from the page");
    }
    for (String id : CHARTS) {
      assertTrue(browser.findElement(By.id(id)).isDisplayed(), id + " is not displayed");
    }
    // 2 runs × training and validation
    assertEquals(4, seriesNames("chart-loss").size(), seriesNames("chart-loss").toString());
    List<WebElement> differs = browser.findElements(By.cssSelector("#hyperparameters tr.differs"));
    assertFalse(differs.isEmpty(), "no row marked as differing");
    List<String> labels = differs.stream().map(row -> row.findElement(By.tagName("th")).getText()).toList();
    assertTrue(labels.contains("adam lr"), "the learning rate differs: " + labels);
    assertTrue(browser.findElement(By.id("comparison")).isDisplayed());
    assertNothingFetched();
    assertNoConsoleErrors();
    screenshot("comparison.png");
  }

  // ---- the browser

  private static void requireBrowser() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "1".equals(System.getenv("NNC_REQUIRE_BROWSER"))) {
      fail("NNC_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER
          + " is missing: install the Debian packages chromium chromium-driver");
    }
    assumeTrue(installed, CHROMIUM + " or " + CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
  }

  /**
   * Selenium looks for CDP bindings matching the browser's version when a driver starts and warns that
   * none are on the class path; these tests use only WebDriver, so that warning is noise. Held here
   * because java.util.logging forgets the level of a logger nothing references.
   */
  private static final List<Logger> QUIETED = List.of(
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
      Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

  /** Debian's Chromium through Debian's chromedriver, both named, so Selenium Manager never downloads either. */
  private static ChromeDriver startBrowser(Path profile) {
    QUIETED.forEach(logger -> logger.setLevel(Level.SEVERE));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,2000", "--user-data-dir=" + profile.toAbsolutePath());
    // chromedriver keeps the page's console messages for the legacy log endpoint, which
    // manage().logs() reads (see assertNoConsoleErrors)
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Serves the files under {@code root} on 127.0.0.1 at a free port, noting every path asked for. */
  private static HttpServer serve(Path root) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", exchange -> respond(exchange, root));
    http.start();
    return http;
  }

  private static void respond(HttpExchange exchange, Path root) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.add(path);
    if (path.equals(FAVICON)) {
      // no icon, and no 404 for the browser to log as a console error
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
      return;
    }
    Path file = root.resolve(path.substring(1)).normalize();
    boolean found = file.startsWith(root) && Files.isRegularFile(file);
    byte[] body = found ? Files.readAllBytes(file) : new byte[0];
    if (path.endsWith(".html")) {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    }
    // every open() reaches the server, never the browser's cache
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(found ? 200 : 404, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Loads a file under the shared folder, after forgetting the console messages and requests of the page before. */
  private static void open(Path page) {
    browser.manage().logs().get(LogType.BROWSER);
    requests.clear();
    String path = shared.relativize(page).toString().replace(File.separatorChar, '/');
    browser.get("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    assertEquals("complete", browser.executeScript("return document.readyState;"));
    assertEquals("/" + path, requests.isEmpty() ? null : requests.get(0), "the page itself first: " + requests);
  }

  /**
   * Whatever the page wrote to the console at SEVERE: errors of its own, a resource that failed to load,
   * a CSP violation. The page has no script to hook {@code window.onerror} from, so the messages come
   * from chromedriver's log of the browser console ({@code goog:loggingPrefs}), which Chromium fills
   * from the first byte of the page on.
   */
  static void assertNoConsoleErrors() {
    List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .toList();
    assertTrue(errors.isEmpty(), "console errors: " + errors);
  }

  /**
   * The page fetched nothing: no image, font, style sheet or script outside itself. Chromium asks a
   * site for /favicon.ico on its own, some time after the load, and lists that among the page's
   * resources; it is left out, whether or not it has happened yet.
   */
  static void assertNothingFetched() {
    List<?> resources = (List<?>) browser.executeScript(
        "return performance.getEntriesByType('resource').map(e => e.name)"
            + ".filter(name => name !== location.origin + arguments[0]);", FAVICON);
    assertTrue(resources.isEmpty(), "the page requested " + resources);
    List<String> asked = requests.stream().skip(1).filter(path -> !path.equals(FAVICON)).toList();
    assertTrue(asked.isEmpty(), "the server was asked for " + asked);
  }

  private static List<String> seriesNames(String chart) {
    return browser.findElements(By.cssSelector("#" + chart + " g.series")).stream()
        .map(series -> series.getAttribute("data-name")).toList();
  }

  /**
   * What the window shows, as a PNG in target/browser/: the top of the page, always the same size (1280
   * wide; of the window's 2000 pixels of height headless Chromium keeps some for its hidden toolbar).
   */
  private static void screenshot(String name) throws IOException {
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    Path file = SCREENSHOTS.resolve(name);
    Files.write(file, png);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length), "not a PNG: " + file);
    assertTrue(png.length > 20_000, file + " is only " + png.length + " bytes");
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  // ---- the runs

  /** iris.nn and its data, with a fifth of the training rows held out for validation curves. */
  private static Path copyIrisWithValidation(Path dir) throws IOException {
    Path models = Cli.modelsDir();
    Files.createDirectories(dir.resolve("data"));
    Files.copy(models.resolve("data").resolve("iris.csv"), dir.resolve("data").resolve("iris.csv"));
    String text = Files.readString(models.resolve("iris.nn"), StandardCharsets.UTF_8);
    String split = "split test 0.2 seed 42";
    assertTrue(text.contains(split), "iris.nn has no '" + split + "'");
    return Cli.write(dir.resolve("iris.nn"), text.replace(split, "split test 0.2 validation 0.2 seed 42"));
  }

  /** Trains the model into a new run directory under {@code runs}; returns that directory. */
  private static Path train(Path runs, String weights, Object... flags) {
    Object[] args = new Object[flags.length + 6];
    args[0] = "train";
    args[1] = model;
    args[2] = "--runs";
    args[3] = runs;
    args[4] = "-o";
    args[5] = shared.resolve(weights + ".nnw");
    System.arraycopy(flags, 0, args, 6, flags.length);
    Run run = Cli.run(args);
    assertEquals(0, run.code(), run.describe());
    Matcher saved = SAVED.matcher(run.out());
    assertTrue(saved.find(), run.describe());
    Path directory = Path.of(saved.group(1));
    assertTrue(Files.isRegularFile(directory.resolve("report.html")), run.describe());
    return directory;
  }

  /** The layers of a model's network section: its non-blank lines that are not comments. */
  private static int networkLines(Path modelFile) throws IOException {
    String text = Files.readString(modelFile, StandardCharsets.UTF_8);
    int start = text.indexOf("network {");
    int end = text.indexOf('}', start);
    return (int) text.substring(start + "network {".length(), end).lines()
        .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).count();
  }
}
