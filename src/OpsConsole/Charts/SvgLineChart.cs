using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Scholar.OpsConsole.Charts;

public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double?> Values);

/// <summary>
/// A small line chart drawn as inline SVG on the server (ADR 0040): one polyline per series, gaps
/// where a slice has no data, an optional dashed target line. Series differ by dash pattern as well
/// as colour (never colour alone), and every point carries a <c>&lt;title&gt;</c> tooltip with its
/// series, time and value. Labelled for screen readers; the page shows the same figures in a table.
/// </summary>
public static class SvgLineChart
{
    /// <summary>Dash patterns by series index: solid, dashed, dotted, dash-dot, long dash.</summary>
    private static readonly string[] Dashes = ["", "8 4", "2 3", "8 3 2 3", "14 4"];

    public static string DashOf(int seriesIndex) => Dashes[seriesIndex % Dashes.Length];

    /// <summary>The legend's sample of a series: its colour and dash pattern, hidden from screen readers (the name is beside it).</summary>
    public static IHtmlContent LegendSwatch(string color, int seriesIndex) => new HtmlString(
        $"<svg class=\"swatch\" width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"1\" x2=\"27\" y1=\"5\" y2=\"5\" stroke=\"{color}\" stroke-width=\"2.5\"{DashAttribute(seriesIndex)}/></svg>");

    private const int Width = 640;
    private const int Height = 220;
    private const int Left = 64;
    private const int Right = 12;
    private const int Top = 12;
    private const int Bottom = 28;

    public static IHtmlContent Render(string label, IReadOnlyList<string> xLabels, IReadOnlyList<ChartSeries> series, double? target, string unit, double? fixedMax = null)
    {
        var values = series.SelectMany(s => s.Values).Where(v => v.HasValue).Select(v => v!.Value).ToList();
        var max = fixedMax ?? Math.Max(target ?? 0, values.Count == 0 ? 1 : values.Max()) * 1.15;
        max = max <= 0 ? 1 : max;
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        var n = Math.Max(1, xLabels.Count - 1);
        double X(int i) => Left + (plotW * i / (double)n);
        double Y(double v) => Top + plotH - (plotH * v / max);
        static string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        var enc = HtmlEncoder.Default;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{enc.Encode(label)}\" preserveAspectRatio=\"xMidYMid meet\">");
        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var v = max * fraction;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\" stroke=\"#d5dbe1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#505a66\">{enc.Encode(F(v) + unit)}</text>");
        }

        if (target is { } t)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(t))}\" y2=\"{F(Y(t))}\" stroke=\"#a40e26\" stroke-dasharray=\"6 4\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{F(Y(t) - 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#a40e26\">target {enc.Encode(F(t) + unit)}</text>");
        }

        for (var i = 0; i < xLabels.Count; i += Math.Max(1, xLabels.Count / 6))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i))}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#505a66\">{enc.Encode(xLabels[i])}</text>");
        }

        for (var index = 0; index < series.Count; index++)
        {
            var s = series[index];
            // A slice without data breaks the line instead of pretending a value.
            var run = new List<string>();
            void Flush()
            {
                if (run.Count == 1)
                {
                    var xy = run[0].Split(',');
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{xy[0]}\" cy=\"{xy[1]}\" r=\"3\" fill=\"{s.Color}\"/>");
                }
                else if (run.Count > 1)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2.5\"{DashAttribute(index)} points=\"{string.Join(' ', run)}\"/>");
                }

                run.Clear();
            }

            for (var i = 0; i < s.Values.Count; i++)
            {
                if (s.Values[i] is { } v)
                {
                    run.Add($"{F(X(i))},{F(Y(v))}");
                }
                else
                {
                    Flush();
                }
            }

            Flush();

            // A point to hover or tap on each value, with its figures as the tooltip.
            for (var i = 0; i < s.Values.Count; i++)
            {
                if (s.Values[i] is { } v)
                {
                    var x = i < xLabels.Count ? xLabels[i] : "";
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<circle class=\"point\" cx=\"{F(X(i))}\" cy=\"{F(Y(v))}\" r=\"3.5\" fill=\"{s.Color}\"><title>{enc.Encode($"{s.Name} at {x}: {F(v)}{unit}")}</title></circle>");
                }
            }
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static string DashAttribute(int seriesIndex) =>
        DashOf(seriesIndex) is { Length: > 0 } dash ? $" stroke-dasharray=\"{dash}\"" : "";
}
