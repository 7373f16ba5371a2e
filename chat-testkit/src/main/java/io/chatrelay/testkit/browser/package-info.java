/** Headless Chromium sessions for browser tests, on the machine's own browser and chromedriver. */
package io.chatrelay.testkit.browser;
