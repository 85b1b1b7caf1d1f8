package io.streamserver;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Debian's headless chromium driven by Selenium through Debian's chromedriver; nothing is downloaded. */
public final class Browser implements AutoCloseable {

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    public Browser() throws IOException {
        Path profile = Files.createTempDirectory(Path.of(System.getProperty("stream.test-dir", "target/it")), "chromium-");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required", "--window-size=1400,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        driver = new ChromeDriver(service, options);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves a PNG of the page under target/screenshots and returns its path. */
    public Path screenshot(String name) throws IOException {
        Path folder = Files.createDirectories(Path.of("target", "screenshots"));
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        return Files.copy(shot.toPath(), folder.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
