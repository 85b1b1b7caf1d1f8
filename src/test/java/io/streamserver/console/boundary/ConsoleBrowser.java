package io.streamserver.console.boundary;

import io.streamserver.Browser;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One headless Chromium for a console test class, sized like an operator's screen, on a blank page before each test
 * so that no test starts from the state another left in the console.
 */
final class ConsoleBrowser implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private Browser browser;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        browser = Browser.start();
        browser.driver().manage().window().setSize(new Dimension(1400, 1250));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        browser.driver().get("about:blank");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
        }
    }

    WebDriver driver() {
        return browser.driver();
    }

    Object script(String script, Object... arguments) {
        return browser.script(script, arguments);
    }

    Path screenshot(String name) {
        return browser.screenshot(name);
    }

    <T> T waitFor(Duration timeout, String what, Supplier<T> condition) {
        return browser.waitFor(timeout, what, condition);
    }
}
