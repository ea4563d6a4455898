import type { EChartsOption } from "echarts";
import * as echarts from "echarts";

/**
 * Renders a chart on the server to an SVG document with Apache ECharts' SSR (no DOM, no
 * script): init without an element, set the option, take the SVG, dispose.
 */
export function renderChartSvg(
  option: EChartsOption,
  size: { width: number; height: number },
): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, ...size });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * The SVG as a `data:` URL for an `<img>`: ECharts styles its text with `style` attributes,
 * which the page's CSP (no inline style) would refuse inline, while an image keeps them to
 * itself and can run nothing.
 */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}
