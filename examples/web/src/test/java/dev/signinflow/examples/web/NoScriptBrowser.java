package dev.signinflow.examples.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;

/**
 * A browser without JavaScript (HtmlUnit): a person whose scripts are off, or the fastest way to
 * click through the pages. Its own cookies: one device, one session.
 */
final class NoScriptBrowser implements AutoCloseable {
  final WebClient client = new WebClient(BrowserVersion.FIREFOX);
  private final URI base;
  HtmlPage page;

  NoScriptBrowser(URI base) {
    this.base = base;
    client.getOptions().setJavaScriptEnabled(false);
    client.getOptions().setCssEnabled(false);
    client.getOptions().setThrowExceptionOnFailingStatusCode(false);
    client.getOptions().setRedirectEnabled(true);
  }

  HtmlPage open() {
    try {
      page = client.getPage(base.toString());
      return page;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page's kind: its main element's data-page. */
  String pageKind() {
    return ((DomElement) page.querySelector("main", page)).getAttribute("data-page");
  }

  NoScriptBrowser type(String id, String text) {
    HtmlInput input = page.getHtmlElementById(id);
    input.setValue(text);
    return this;
  }

  HtmlPage click(String id) {
    try {
      HtmlElement e = page.getHtmlElementById(id);
      page = e.click();
      return page;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HtmlPage clickSelector(String css) {
    try {
      HtmlElement e = page.querySelector(css, page);
      if (e == null) {
        throw new AssertionError("no " + css + " on " + page.asXml());
      }
      page = e.click();
      return page;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Signs in with the password: the identifier and password fields, then Continue. */
  HtmlPage submitPassword(String identifier, String password) {
    if (page == null) {
      open();
    }
    type("identifier", identifier).type("password", password);
    return click("continue");
  }

  /**
   * The codes of the errors shown under a field ({@code identifier}, {@code password}, {@code
   * code}).
   */
  List<String> fieldErrors(String field) {
    DomElement box = page.getElementById(field + "-error");
    return box == null
        ? List.of()
        : box.querySelectorAll("[data-code]", box).stream()
            .map(n -> ((DomElement) n).getAttribute("data-code"))
            .toList();
  }

  /** The codes of the global errors above the form. */
  List<String> globalErrors() {
    DomElement box = page.getElementById("errors");
    return box == null
        ? List.of()
        : box.querySelectorAll("[data-code]", box).stream()
            .map(n -> ((DomElement) n).getAttribute("data-code"))
            .toList();
  }

  String text(String id) {
    DomElement e = page.getElementById(id);
    return e == null ? null : e.getTextContent().strip().replaceAll("\\s+", " ");
  }

  int status() {
    return page.getWebResponse().getStatusCode();
  }

  @Override
  public void close() {
    client.close();
  }
}
