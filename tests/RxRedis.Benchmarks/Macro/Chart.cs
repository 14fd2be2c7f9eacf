using System.Globalization;
using System.Text;
using ScottPlot;

namespace RxRedis.Benchmarks.Macro;

/// <summary>
/// Grouped bars of median ops/s per workload (log scale: the workloads span three orders of magnitude), as a PNG
/// through ScottPlot; if its native Skia assets cannot load, a hand-written SVG of the same chart.
/// </summary>
internal static class Chart
{
    private static readonly (string Client, string Color)[] Series =
        [(Report.Rx, "#d62728"), (Report.Se, "#1f77b4"), (Report.Ceiling, "#7f7f7f")];

    public static string Write(Report report, string outDir)
    {
        try
        {
            return WritePng(report, outDir);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or InvalidOperationException or EntryPointNotFoundException)
        {
            Console.WriteLine($"ScottPlot could not render ({e.GetType().Name}: {e.Message}); writing SVG instead.");
            return WriteSvg(report, outDir);
        }
    }

    private static string WritePng(Report report, string outDir)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var w = 0; w < report.Workloads.Count; w++)
        {
            var workload = report.Workloads[w];
            var row = report.Medians[workload.Id];
            for (var s = 0; s < Series.Length; s++)
            {
                if (row.TryGetValue(Series[s].Client, out var m) && m.OpsPerSecond > 0)
                {
                    bars.Add(new Bar
                    {
                        Position = (w * (Series.Length + 1)) + s,
                        Value = Math.Log10(m.OpsPerSecond),
                        ValueBase = 3,
                        FillColor = Color.FromHex(Series[s].Color),
                        Label = FormatOps(m.OpsPerSecond),
                    });
                }
            }
            ticks.AddMajor((w * (Series.Length + 1)) + 1, workload.Title.Replace(", ", "\n", StringComparison.Ordinal));
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 10;
        plot.Axes.Bottom.TickGenerator = ticks;
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (var p = 3; p <= 7; p++)
        {
            left.AddMajor(p, FormatOps(Math.Pow(10, p)));
        }
        plot.Axes.Left.TickGenerator = left;
        plot.Axes.SetLimitsY(3, 7.2);
        plot.Axes.Left.Label.Text = "ops/s (log scale, median)";
        plot.Title("RxRedis vs StackExchange.Redis vs redis-benchmark");
        foreach (var (client, color) in Series)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = client, FillColor = Color.FromHex(color) });
        }
        plot.ShowLegend(Alignment.UpperRight);
        var path = Path.Combine(outDir, "results.png");
        plot.SavePng(path, 1400, 650);
        return path;
    }

    private static string FormatOps(double ops) => ops >= 1e6
        ? (ops / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M"
        : ops >= 1e3 ? (ops / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k" : ops.ToString("0", CultureInfo.InvariantCulture);

    private static string WriteSvg(Report report, string outDir)
    {
        const int width = 1400, height = 650, left = 90, bottom = 560, top = 60, barWidth = 28;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        sb.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        sb.AppendLine("<text x=\"700\" y=\"30\" text-anchor=\"middle\" font-size=\"18\">RxRedis vs StackExchange.Redis vs redis-benchmark (ops/s, log scale)</text>");
        double Y(double ops) => bottom - ((Math.Log10(Math.Max(ops, 1000)) - 3) / 4.2 * (bottom - top));
        for (var p = 3; p <= 7; p++)
        {
            var y = Y(Math.Pow(10, p));
            sb.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - 20}\" y1=\"{y:0}\" y2=\"{y:0}\" stroke=\"#ddd\"/><text x=\"{left - 8}\" y=\"{y + 4:0}\" text-anchor=\"end\">{FormatOps(Math.Pow(10, p))}</text>");
        }
        var group = (width - left - 40) / Math.Max(1, report.Workloads.Count);
        for (var w = 0; w < report.Workloads.Count; w++)
        {
            var row = report.Medians[report.Workloads[w].Id];
            var x0 = left + 20 + (w * group);
            for (var s = 0; s < Series.Length; s++)
            {
                if (!row.TryGetValue(Series[s].Client, out var m))
                {
                    continue;
                }
                var x = x0 + (s * (barWidth + 4));
                var y = Y(m.OpsPerSecond);
                sb.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y:0}\" width=\"{barWidth}\" height=\"{bottom - y:0}\" fill=\"{Series[s].Color}\"/><text x=\"{x + (barWidth / 2)}\" y=\"{y - 4:0}\" text-anchor=\"middle\" font-size=\"10\">{FormatOps(m.OpsPerSecond)}</text>");
            }
            sb.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{x0 + 45}\" y=\"{bottom + 20}\" text-anchor=\"middle\">{System.Security.SecurityElement.Escape(report.Workloads[w].Title)}</text>");
        }
        for (var s = 0; s < Series.Length; s++)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{width - 200}\" y=\"{top + (s * 20)}\" width=\"12\" height=\"12\" fill=\"{Series[s].Color}\"/><text x=\"{width - 182}\" y=\"{top + 11 + (s * 20)}\">{Series[s].Client}</text>");
        }
        sb.AppendLine("</svg>");
        var path = Path.Combine(outDir, "results.svg");
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
