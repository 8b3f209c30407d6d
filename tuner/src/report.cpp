#include "neo/tuner/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace neo::tuner {
namespace {

std::string fmt(const char* f, double v) {
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

std::string duration(double s) {
    const long t = std::lround(s);
    if (t >= 3600) return std::to_string(t / 3600) + "h" + std::to_string(t % 3600 / 60) + "m";
    if (t >= 60) return std::to_string(t / 60) + "m" + std::to_string(t % 60) + "s";
    return std::to_string(t) + "s";
}

std::string speed(double cost, double flops) {
    if (cost <= 0) return "-";
    if (flops > 0) return fmt("%.1f GFLOP/s", flops / cost * 1e-9);
    return fmt("%.4f ms", cost * 1e3);
}

std::string xml_escape(const std::string& s) {
    std::string r;
    for (char c : s) r += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
    return r;
}

// Rows with columns padded to their widest cell.
std::string table_text(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width(rows.front().size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    std::ostringstream s;
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) s << row[c] << (c + 1 < row.size() ? std::string(width[c] - row[c].size() + 2, ' ') : "");
        s << "\n";
    }
    return s.str();
}

}  // namespace

std::string progress_line(const Progress& p, double flops) {
    const TaskStatus& t = p.task;
    std::ostringstream s;
    s << "[task " << t.index + 1 << "/" << t.count << "] " << t.task->summary << "  trials " << t.trials;
    if (t.errors) s << " (" << t.errors << " failed)";
    s << "  current " << speed(t.last_cost, flops) << "  best " << speed(t.best_cost, flops)
      << " (default " << speed(t.default_cost, flops) << ")  model " << fmt("%.3f ms", p.model_latency * 1e3)
      << "  run " << p.used << "/" << p.budget << "  ETA " << duration(p.eta_seconds);
    return s.str();
}

std::string final_table(const TuneResult& r, const std::vector<double>& flops) {
    std::vector<std::vector<std::string>> rows = {{"#", "TASK", "WEIGHT", "TRIALS", "DEFAULT ms", "BEST ms", "SPEEDUP", "BEST GFLOP/s"}};
    double before = 0, after = 0;
    for (std::size_t i = 0; i < r.tasks.size(); ++i) {
        const TaskStatus& t = r.tasks[i];
        const double w = static_cast<double>(t.task->weight);
        const double best = t.best_cost > 0 ? t.best_cost : t.default_cost;
        before += w * (t.default_cost > 0 ? t.default_cost : best);
        after += w * best;
        rows.push_back({std::to_string(i + 1), t.task->summary, std::to_string(t.task->weight),
                        std::to_string(t.trials) + (t.errors ? " (" + std::to_string(t.errors) + " failed)" : ""),
                        t.default_cost > 0 ? fmt("%.4f", t.default_cost * 1e3) : "-", best > 0 ? fmt("%.4f", best * 1e3) : "-",
                        t.default_cost > 0 && best > 0 ? fmt("%.2fx", t.default_cost / best) : "-",
                        i < flops.size() && flops[i] > 0 && best > 0 ? fmt("%.1f", flops[i] / best * 1e-9) : "-"});
    }
    std::ostringstream s;
    s << table_text(rows) << "estimated model latency (sum of weight x kernel time): default " << fmt("%.3f ms", before * 1e3) << ", tuned "
      << fmt("%.3f ms", after * 1e3);
    if (after > 0) s << " (" << fmt("%.2fx", before / after) << ")";
    s << "\n";
    return s.str();
}

std::string in_model_table(const InModelResult& r, const std::vector<TaskInfo>& tasks) {
    std::ostringstream s;
    if (!r.failure.empty()) return "in-model check: nothing recorded, " + r.failure + "\n";
    if (r.models == 0) return "in-model check: no config beat a default alone; nothing to check\n";
    s << "in-model check: " << r.models << " builds of the whole model (the defaults, then each task's candidates) x "
      << r.rounds << " rounds; kernel times (us) from the model's profile, median over the rounds\n";
    for (const std::string& n : r.notes) s << "  note: " << n << "\n";
    std::vector<std::vector<std::string>> rows = {
        {"#", "TASK", "CANDIDATES", "DEFAULT alone/model", "BEST ALONE alone/model", "CHOSEN alone/model", "IN MODEL"}};
    double before = 0, after = 0;
    for (const InModelTask& t : r.tasks) {
        const double w = static_cast<double>(tasks[t.index].weight);
        before += w * t.default_model;
        after += w * t.chosen_model;
        const auto pair = [](double alone, double model) {
            return fmt("%.1f", alone * 1e6) + "/" + (model > 0 ? fmt("%.1f", model * 1e6) : std::string("-"));
        };
        rows.push_back({std::to_string(t.index + 1), tasks[t.index].summary, std::to_string(t.candidates),
                        pair(t.default_alone, t.default_model), t.candidates ? pair(t.best_alone_cost, t.best_alone_model) : "-",
                        t.chosen.empty() ? "default" : pair(t.chosen_alone, t.chosen_model),
                        t.chosen.empty() ? "-" : fmt("%.2fx", t.default_model / t.chosen_model)});
    }
    s << table_text(rows) << "kernels of these tasks in the model (weight x in-model time): default "
      << fmt("%.3f ms", before * 1e3) << ", chosen " << fmt("%.3f ms", after * 1e3);
    if (after > 0) s << " (" << fmt("%.2fx", before / after) << ")";
    s << "\n";
    return s.str();
}

std::string convergence_svg(const std::vector<ConvergencePoint>& curve, const std::string& title) {
    const double W = 640, H = 400, L = 70, R = 20, T = 40, B = 50;
    double xmax = 1, ymax = 0, ymin = 0;
    bool first = true;
    for (const auto& p : curve) {
        if (p.latency <= 0) continue;
        xmax = std::max(xmax, static_cast<double>(p.trials));
        ymax = first ? p.latency : std::max(ymax, p.latency);
        ymin = first ? p.latency : std::min(ymin, p.latency);
        first = false;
    }
    ymax *= 1e3, ymin = ymin * 1e3 * 0.9;
    if (ymax <= ymin) ymax = ymin + 1e-3;
    auto X = [&](double x) { return L + (W - L - R) * x / xmax; };
    auto Y = [&](double y) { return H - B - (H - T - B) * (y - ymin) / (ymax - ymin); };
    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << W / 2 << "\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">" << xml_escape(title) << "</text>\n"
      << "<line x1=\"" << L << "\" y1=\"" << H - B << "\" x2=\"" << W - R << "\" y2=\"" << H - B << "\" stroke=\"black\"/>\n"
      << "<line x1=\"" << L << "\" y1=\"" << T << "\" x2=\"" << L << "\" y2=\"" << H - B << "\" stroke=\"black\"/>\n"
      << "<text x=\"" << (L + W - R) / 2 << "\" y=\"" << H - 12 << "\" text-anchor=\"middle\">trials</text>\n"
      << "<text x=\"16\" y=\"" << (T + H - B) / 2 << "\" text-anchor=\"middle\" transform=\"rotate(-90 16 " << (T + H - B) / 2
      << ")\">estimated latency (ms)</text>\n";
    for (int i = 0; i <= 4; ++i) {
        const double xv = xmax * i / 4, yv = ymin + (ymax - ymin) * i / 4;
        s << "<text x=\"" << X(xv) << "\" y=\"" << H - B + 16 << "\" text-anchor=\"middle\">" << std::lround(xv) << "</text>\n"
          << "<text x=\"" << L - 6 << "\" y=\"" << Y(yv) + 4 << "\" text-anchor=\"end\">" << fmt("%.3g", yv) << "</text>\n"
          << "<line x1=\"" << L << "\" y1=\"" << Y(yv) << "\" x2=\"" << W - R << "\" y2=\"" << Y(yv) << "\" stroke=\"#ddd\"/>\n";
    }
    s << "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"";
    for (const auto& p : curve)
        if (p.latency > 0) s << X(static_cast<double>(p.trials)) << "," << Y(p.latency * 1e3) << " ";
    s << "\"/>\n</svg>\n";
    return s.str();
}

}  // namespace neo::tuner
