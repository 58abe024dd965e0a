using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Scholar.OpsConsole.Charts;

public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double?> Values);

/// <summary>
/// A small line chart drawn as inline SVG on the server (ADR 0040): one polyline per series, gaps
/// where a slice has no data, an optional dashed target line. Labelled for screen readers; the page
/// shows the same figures in a table beside it.
/// </summary>
public static class SvgLineChart
{
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

        foreach (var s in series)
        {
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
                    svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2.5\" points=\"{string.Join(' ', run)}\"/>");
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
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
