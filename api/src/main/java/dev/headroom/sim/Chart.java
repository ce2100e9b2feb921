package dev.headroom.sim;

import java.util.List;
import java.util.Locale;

/** Writes per-bridge load over time as an SVG: one panel per strategy, one line per bridge. */
final class Chart {
  private static final int W = 900;
  private static final int H = 180;
  private static final int PAD = 40;

  private Chart() {}

  static String svg(Scenario s, List<Simulation.Result> results) {
    int height = results.size() * (H + PAD) + PAD;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        W + 2 * PAD, height, W + 2 * PAD, height));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
    for (int p = 0; p < results.size(); p++) {
      Simulation.Result r = results.get(p);
      int top = PAD + p * (H + PAD);
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s — peak p99 %.3f, %d s over max, burst max/fair %.2f</text>%n",
          PAD, top - 8, r.name(), r.peakLoadP99(), r.secondsOverMax(), r.maxOverFair()));
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", PAD, top, W, H));
      double maxY = top + H - s.maxLoad() / 1.2 * H;
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"4 3\"/>%n", PAD, PAD + W, maxY, maxY));
      for (int bridge = 0; bridge < r.loadSeries().length; bridge++) {
        float[] line = r.loadSeries()[bridge];
        int hue = (bridge * 137) % 360;
        b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"hsl(%d,60%%,45%%)\" stroke-opacity=\"0.5\" stroke-width=\"1\" points=\"", hue));
        for (int i = 0; i < line.length; i++) {
          double x = PAD + (double) i / Math.max(1, line.length - 1) * W;
          double y = top + H - Math.min(1.2, line[i]) / 1.2 * H;
          b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        b.append("\"/>\n");
      }
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">0</text><text x=\"%d\" y=\"%d\">%.1f h</text>%n",
          PAD, top + H + 14, PAD + W - 30, top + H + 14, s.hours()));
    }
    b.append("</svg>\n");
    return b.toString();
  }
}
