extern alias console;

using console::Scholar.OpsConsole.Charts;

namespace Scholar.ConsoleTests;

/// <summary>Charts tell series apart by dash pattern as well as colour, and every point has a tooltip.</summary>
public sealed class SvgLineChartTests
{
    [Fact]
    public void Each_point_has_a_title_tooltip_and_each_series_its_own_dash_pattern()
    {
        var svg = SvgLineChart.Render("P95", ["10:00", "10:05", "10:10"],
            [new ChartSeries("messaging", "#1f6feb", [12, null, 30]), new ChartSeries("ledger", "#8250df", [5, 6, 7])], 120, " ms").ToString()!;

        Assert.Contains("<title>messaging at 10:00: 12 ms</title>", svg, StringComparison.Ordinal);
        Assert.Contains("<title>messaging at 10:10: 30 ms</title>", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("messaging at 10:05", svg, StringComparison.Ordinal);
        Assert.Contains("<title>ledger at 10:05: 6 ms</title>", svg, StringComparison.Ordinal);
        Assert.Contains($"stroke=\"#8250df\" stroke-width=\"2.5\" stroke-dasharray=\"{SvgLineChart.DashOf(1)}\"", svg, StringComparison.Ordinal);
        Assert.NotEqual(SvgLineChart.DashOf(0), SvgLineChart.DashOf(1));
        Assert.Contains(SvgLineChart.DashOf(1), SvgLineChart.LegendSwatch("#8250df", 1).ToString(), StringComparison.Ordinal);
    }
}
