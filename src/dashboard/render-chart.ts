import { createRequire } from "node:module";
import type * as ECharts from "echarts";
import type { EChartsOption } from "echarts";

let loaded: typeof ECharts | undefined;

/**
 * ECharts, loaded on the first chart rather than at start: importing it costs a start
 * ~0.8 s and ~40 MB, and most processes never draw a chart (its CommonJS build, so the
 * load stays synchronous like the rendering).
 */
function echarts(): typeof ECharts {
  loaded ??= createRequire(import.meta.url)("echarts") as typeof ECharts;
  return loaded;
}

/**
 * Renders a chart on the server to an SVG document with Apache ECharts' SSR (no DOM, no
 * script): init without an element, set the option, take the SVG, dispose.
 */
export function renderChartSvg(
  option: EChartsOption,
  size: { width: number; height: number },
): string {
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, ...size });
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
