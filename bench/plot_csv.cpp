// Line charts from a study CSV to PNG (issue 7), with Qt Charts, offscreen.
//
// usage: plot_csv --csv F --x COL --y COL [--series COL[,COL...]] [--where COL=VALUE]...
//                 [--logx] [--logy] [--title T] [--xlabel L] [--ylabel L]
//                 [--width 900] [--height 520] --out PNG
//
// One line with point markers per distinct value of the series column(s) (several columns are
// joined with ", "), in order of first appearance, points sorted by x. Rows are kept when every
// --where matches exactly. Rows whose x or y is not a number are skipped (counted on stderr).
// Errors: one line starting "plot_csv: error:" and exit status 1 (2 for usage errors).
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QFont>
#include <QFontMetrics>
#include <QImage>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QPixmap>
#include <QSaveFile>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string csv, x, y, out, title, xlabel, ylabel;
  std::vector<std::string> series;
  std::vector<std::pair<std::string, std::string>> where;
  bool logx = false, logy = false;
  int width = 900, height = 520;
};

const char* kUsage =
    "usage: plot_csv --csv F --x COL --y COL [--series COL[,COL...]] [--where COL=VALUE]...\n"
    "                [--logx] [--logy] [--title T] [--xlabel L] [--ylabel L]\n"
    "                [--width 900] [--height 520] --out PNG\n";

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::string item;
  for (char c : s) {
    if (c == ',') {
      out.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  out.push_back(item);
  return out;
}

int toInt(const std::string& flag, const std::string& v) {
  char* end = nullptr;
  const long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end || n < 100 || n > 10000)
    throw UsageError(flag + " wants a whole number of pixels in [100, 10000], got '" + v + "'");
  return int(n);
}

Options parseArgs(int argc, char** argv) {
  Options o;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    auto value = [&]() -> std::string {
      if (k + 1 >= argc) throw UsageError(a + " needs a value");
      return argv[++k];
    };
    if (a == "--csv")
      o.csv = value();
    else if (a == "--x")
      o.x = value();
    else if (a == "--y")
      o.y = value();
    else if (a == "--series")
      o.series = splitList(value());
    else if (a == "--where") {
      const std::string w = value();
      const auto eq = w.find('=');
      if (eq == std::string::npos || eq == 0)
        throw UsageError("--where wants COL=VALUE, got '" + w + "'");
      o.where.emplace_back(w.substr(0, eq), w.substr(eq + 1));
    } else if (a == "--logx")
      o.logx = true;
    else if (a == "--logy")
      o.logy = true;
    else if (a == "--title")
      o.title = value();
    else if (a == "--xlabel")
      o.xlabel = value();
    else if (a == "--ylabel")
      o.ylabel = value();
    else if (a == "--width")
      o.width = toInt(a, value());
    else if (a == "--height")
      o.height = toInt(a, value());
    else if (a == "--out")
      o.out = value();
    else if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else {
      throw UsageError("unknown argument '" + a + "'");
    }
  }
  if (o.csv.empty() || o.x.empty() || o.y.empty() || o.out.empty())
    throw UsageError("--csv, --x, --y and --out are required");
  if (o.xlabel.empty()) o.xlabel = o.x;
  if (o.ylabel.empty()) o.ylabel = o.y;
  return o;
}

// One CSV record: comma-separated, fields may be double-quoted ("" is a quote inside).
std::vector<std::string> parseRecord(const std::string& line, size_t lineNo) {
  std::vector<std::string> fields;
  std::string f;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
        f += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        f += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(f);
      f.clear();
    } else {
      f += c;
    }
  }
  if (quoted) throw Error("line " + std::to_string(lineNo) + ": unterminated quote");
  fields.push_back(f);
  return fields;
}

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  const auto b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

bool toNumber(const std::string& s, double& v) {
  const std::string t = trim(s);
  if (t.empty()) return false;
  char* end = nullptr;
  v = std::strtod(t.c_str(), &end);
  return *end == '\0' && std::isfinite(v);
}

struct Table {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> lineNumbers;
  size_t column(const std::string& name, const std::string& what) const {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    std::string all;
    for (const auto& h : header) all += (all.empty() ? "" : ", ") + h;
    throw Error("no column '" + name + "' (" + what + ") in " + path + "; its columns: " + all);
  }
};

Table readCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read '" + path + "'");
  Table t;
  t.path = path;
  std::string line;
  size_t lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    auto fields = parseRecord(line, lineNo);
    for (auto& f : fields) f = trim(f);
    if (t.header.empty()) {
      t.header = std::move(fields);
      continue;
    }
    if (fields.size() != t.header.size())
      throw Error(path + " line " + std::to_string(lineNo) + ": " + std::to_string(fields.size()) +
                  " fields, the header has " + std::to_string(t.header.size()));
    t.rows.push_back(std::move(fields));
    t.lineNumbers.push_back(lineNo);
  }
  if (t.header.empty()) throw Error("'" + path + "' is empty (no header row)");
  return t;
}

struct Line {
  std::string name;
  std::vector<std::pair<double, double>> points;
};

// Axis range with a margin so that markers on the extremes stay inside the plot area.
QAbstractAxis* makeAxis(bool log, double lo, double hi, const QString& title, const QFont& font,
                        const QFont& titleFont) {
  if (log) {
    auto* axis = new QLogValueAxis;
    const double decades = std::log10(hi / lo);
    const double base = decades >= 2.0 ? 10.0 : 2.0;  // base 2 ticks for narrow ranges
    const double l = std::log(lo) / std::log(base), h = std::log(hi) / std::log(base);
    const double pad = std::max(0.15, 0.05 * (h - l));
    double from = l - pad, to = h + pad;
    if (std::floor(to) < from) from = std::floor(from);  // keep at least one labelled power
    axis->setBase(base);
    axis->setRange(std::pow(base, from), std::pow(base, to));
    axis->setLabelFormat("%g");
    axis->setMinorTickCount(base == 10.0 ? 8 : 0);
    axis->setTitleText(title);
    axis->setLabelsFont(font);
    axis->setTitleFont(titleFont);
    return axis;
  }
  auto* axis = new QValueAxis;
  double pad = 0.05 * (hi - lo);
  if (pad == 0) pad = lo == 0 ? 1.0 : 0.1 * std::abs(lo);
  axis->setRange(lo - pad, hi + pad);
  axis->applyNiceNumbers();
  axis->setLabelFormat("%g");
  axis->setTitleText(title);
  axis->setLabelsFont(font);
  axis->setTitleFont(titleFont);
  return axis;
}

int plot(const Options& o) {
  const Table t = readCsv(o.csv);
  const size_t xc = t.column(o.x, "--x"), yc = t.column(o.y, "--y");
  std::vector<size_t> sc;
  for (const auto& s : o.series) sc.push_back(t.column(s, "--series"));
  std::vector<std::pair<size_t, std::string>> wc;
  for (const auto& [col, val] : o.where) wc.emplace_back(t.column(col, "--where"), val);

  std::vector<Line> lines;
  std::map<std::string, size_t> index;
  size_t selected = 0, skipped = 0;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    bool keep = true;
    for (const auto& [c, v] : wc) keep = keep && row[c] == v;
    if (!keep) continue;
    ++selected;
    double x = 0, y = 0;
    if (!toNumber(row[xc], x) || !toNumber(row[yc], y)) {
      ++skipped;
      continue;
    }
    if ((o.logx && x <= 0) || (o.logy && y <= 0))
      throw Error(o.csv + " line " + std::to_string(t.lineNumbers[r]) +
                  ": a log axis needs positive values, got " + (o.logx && x <= 0 ? o.x : o.y) +
                  " = " + (o.logx && x <= 0 ? row[xc] : row[yc]));
    std::string name;
    for (size_t c : sc) name += (name.empty() ? "" : ", ") + row[c];
    auto it = index.find(name);
    if (it == index.end()) {
      it = index.emplace(name, lines.size()).first;
      lines.push_back({name, {}});
    }
    lines[it->second].points.emplace_back(x, y);
  }
  std::string filter;
  for (const auto& [col, val] : o.where) filter += " --where " + col + "=" + val;
  if (selected == 0)
    throw Error("no rows of " + o.csv + " match" + (filter.empty() ? " (no data rows)" : filter));
  if (lines.empty())
    throw Error("none of the " + std::to_string(selected) + " selected rows of " + o.csv +
                " has numeric " + o.x + " and " + o.y);
  if (skipped)
    std::fprintf(stderr, "plot_csv: skipped %zu of %zu selected rows with a non-numeric %s or %s\n",
                 skipped, selected, o.x.c_str(), o.y.c_str());

  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (auto& l : lines) {
    std::stable_sort(l.points.begin(), l.points.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [x, y] : l.points) {
      xlo = std::min(xlo, x), xhi = std::max(xhi, x);
      ylo = std::min(ylo, y), yhi = std::max(yhi, y);
    }
  }

  QFont font("DejaVu Sans", 11), titleFont("DejaVu Sans", 12), chartTitleFont("DejaVu Sans", 14);
  chartTitleFont.setBold(true);
  auto* chart = new QChart;
  chart->setTheme(QChart::ChartThemeLight);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setBackgroundRoundness(0);
  if (!o.title.empty()) {
    chart->setTitle(QString::fromStdString(o.title));
    chart->setTitleFont(chartTitleFont);
  }
  QAbstractAxis* ax = makeAxis(o.logx, xlo, xhi, QString::fromStdString(o.xlabel), font, titleFont);
  QAbstractAxis* ay = makeAxis(o.logy, ylo, yhi, QString::fromStdString(o.ylabel), font, titleFont);
  chart->addAxis(ax, Qt::AlignBottom);
  chart->addAxis(ay, Qt::AlignLeft);
  // Ten well-separated colours (the theme has five), in order of first appearance.
  static const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  QFontMetrics metrics(font);
  int legendWidth = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    auto* s = new QLineSeries;
    s->setName(QString::fromStdString(l.name.empty() ? o.y : l.name));
    legendWidth += metrics.horizontalAdvance(s->name()) + 40;
    for (const auto& [x, y] : l.points) s->append(x, y);
    chart->addSeries(s);
    QPen pen(QColor(kColours[i % 10]));
    pen.setWidthF(2.2);
    if (i >= 10) pen.setStyle(Qt::DashLine);  // colours come round again
    s->setPen(pen);
    s->setColor(pen.color());
    s->setPointsVisible(true);
    s->setMarkerSize(9);
    s->attachAxis(ax);
    s->attachAxis(ay);
  }
  chart->legend()->setVisible(!o.series.empty());
  // One row under the plot when the names fit, else a column on the right.
  chart->legend()->setAlignment(legendWidth < o.width - 60 ? Qt::AlignBottom : Qt::AlignRight);
  chart->legend()->setFont(font);

  QChartView view(chart);  // takes ownership of the chart
  view.setRenderHint(QPainter::Antialiasing, true);
  view.setRenderHint(QPainter::TextAntialiasing, true);
  view.resize(o.width, o.height);
  view.setAttribute(Qt::WA_DontShowOnScreen, true);
  view.show();  // lays the chart out at the requested size
  QApplication::processEvents();

  QImage image(o.width, o.height, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  {
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    view.render(&p);
  }
  QSaveFile file(QString::fromStdString(o.out));  // written atomically
  if (!file.open(QIODevice::WriteOnly) ||
      !image.convertToFormat(QImage::Format_RGB32).save(&file, "PNG") || !file.commit())
    throw Error("cannot write '" + o.out + "'");
  std::printf("plot_csv: %s (%zu lines, %zu points)\n", o.out.c_str(), lines.size(),
              selected - skipped);
  return 0;
}

// Drops the offscreen platform's chatter (runtime directory, size hints); keeps everything else.
void messageFilter(QtMsgType type, const QMessageLogContext&, const QString& message) {
  if (type < QtWarningMsg || message.contains("XDG_RUNTIME_DIR") ||
      message.contains("propagateSizeHints"))
    return;
  std::fprintf(stderr, "plot_csv: qt: %s\n", message.toLocal8Bit().constData());
}

}  // namespace

int main(int argc, char** argv) {
  qInstallMessageHandler(messageFilter);
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  Options o;
  try {
    o = parseArgs(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "plot_csv: error: %s\n%s", e.what(), kUsage);
    return 2;
  }
  QApplication app(argc, argv);
  try {
    return plot(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "plot_csv: error: %s\n", e.what());
    return 1;
  }
}
