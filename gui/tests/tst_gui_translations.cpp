// Translations: the German and Korean .ts files are complete (no unfinished or empty entries)
// and cover the same source strings.
#include <QFile>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct TsReport {
  int messages = 0;
  QStringList unfinished;
  QSet<QString> sources;
};

TsReport readTs(const QString& path) {
  TsReport report;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
  QXmlStreamReader xml(&file);
  QString context, source;
  while (!xml.atEnd()) {
    xml.readNext();
    if (!xml.isStartElement()) continue;
    if (xml.name() == QLatin1String("name")) context = xml.readElementText();
    if (xml.name() == QLatin1String("source")) source = xml.readElementText();
    if (xml.name() != QLatin1String("translation")) continue;
    const QString type = xml.attributes().value("type").toString();
    if (type == "vanished" || type == "obsolete") continue;
    ++report.messages;
    report.sources.insert(context + "|" + source);
    // Plural forms are <numerusform> children; any empty one counts as unfinished.
    QString text;
    bool emptyForm = false;
    while (!(xml.isEndElement() && xml.name() == QLatin1String("translation")) && !xml.atEnd()) {
      xml.readNext();
      if (xml.isCharacters()) text += xml.text();
      if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
        emptyForm = emptyForm || xml.readElementText().trimmed().isEmpty(), text += "x";
    }
    if (type == "unfinished" || text.trimmed().isEmpty() || emptyForm)
      report.unfinished << context + ": " + source;
  }
  if (xml.hasError()) qFatal("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
  return report;
}

}  // namespace

class TestTranslations : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void everyEntryIsFinished_data() {
    QTest::addColumn<QString>("path");
    for (const QString& path : QString(CCDF_TS_FILES).split('|'))
      QTest::newRow(qPrintable(path.section('/', -1))) << path;
  }

  void everyEntryIsFinished() {
    QFETCH(QString, path);
    const TsReport report = readTs(path);
    QVERIFY2(report.messages > 150, qPrintable(QString::number(report.messages)));
    QVERIFY2(report.unfinished.isEmpty(), qPrintable(report.unfinished.join('\n')));
  }

  void languagesCoverTheSameStrings() {
    const QStringList paths = QString(CCDF_TS_FILES).split('|');
    QCOMPARE(paths.size(), 2);
    QCOMPARE(readTs(paths[0]).sources, readTs(paths[1]).sources);
  }
};

QTEST_MAIN(TestTranslations)
#include "tst_gui_translations.moc"
