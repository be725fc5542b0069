package dev.kubedeploy.model.deployment;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The naming rule of deployments: {@code {product_slug}-{user_slug}-{suffix6}}, a DNS label that
 * names the deployment, its namespace and its Helm release. Labels may have 63 characters, but Helm
 * release names only 53, so the uid is kept to 52. The changelog's backfill (004-deployment-v2.xml)
 * applies the same rule in SQL; a test holds the two together.
 */
public final class DeploymentUid {

  /** RFC 1123 label: what Kubernetes accepts as a namespace name. */
  public static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

  /** Each slug is cut to this length, so that both plus two hyphens and the suffix fit in 53. */
  static final int MAX_SLUG_LENGTH = 22;

  static final int SUFFIX_LENGTH = 6;
  private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
  private static final RandomGenerator RANDOM = new SecureRandom();

  private DeploymentUid() {}

  /** A new uid for a deployment of product {@code productSlug} by user {@code username}. */
  public static String generate(String productSlug, String username) {
    return prefix(productSlug, username) + "-" + randomSuffix();
  }

  /** The part of the uid that does not change between attempts. */
  public static String prefix(String productSlug, String username) {
    return slug(productSlug, "p") + "-" + slug(username, "u");
  }

  /**
   * ASCII letters and digits kept, every other run of characters turned into one hyphen, lowercase,
   * no hyphen at either end, cut to {@value #MAX_SLUG_LENGTH} characters; {@code fallback} when
   * nothing is left.
   */
  static String slug(String text, String fallback) {
    var slug = trimHyphens(text.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT));
    slug = trimHyphens(slug.substring(0, Math.min(slug.length(), MAX_SLUG_LENGTH)));
    return slug.isEmpty() ? fallback : slug;
  }

  private static String trimHyphens(String text) {
    var start = 0;
    var end = text.length();
    while (start < end && text.charAt(start) == '-') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == '-') {
      end--;
    }
    return text.substring(start, end);
  }

  private static String randomSuffix() {
    var suffix = new StringBuilder(SUFFIX_LENGTH);
    for (var i = 0; i < SUFFIX_LENGTH; i++) {
      suffix.append(BASE36.charAt(RANDOM.nextInt(BASE36.length())));
    }
    return suffix.toString();
  }

  /** Whether {@code value} is a valid DNS label. */
  public static boolean isDnsLabel(String value) {
    return value != null && DNS_LABEL.matcher(value).matches();
  }
}
