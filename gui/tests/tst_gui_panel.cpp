// Task panel: every control maps to the options the core receives; invalid combinations are
// disabled or explained.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTest>

#include "core_mapping.h"
#include "task_panel.h"

using namespace ccdf::gui;

namespace {

template <typename T>
T* child(QWidget& parent, const char* name) {
  T* w = parent.findChild<T*>(name);
  if (!w) qFatal("no child %s", name);
  return w;
}

void choose(QComboBox* combo, const QString& key) {
  const int i = combo->findData(key);
  QVERIFY2(i >= 0, qPrintable(key));
  combo->setCurrentIndex(i);
}

bool itemEnabled(QComboBox* combo, const QString& key) {
  auto* model = qobject_cast<QStandardItemModel*>(combo->model());
  return model->item(combo->findData(key))->isEnabled();
}

QList<ModelEntry> someModels() {
  ModelEntry vp;
  vp.name = "vp-model";
  vp.description = "a VP model";
  vp.schedule = "vp-linear, N=1000";
  ModelEntry ve;
  ve.name = "ve-model";
  ve.description = "a VE model";
  ve.schedule = "ve-geometric, N=1000";
  ve.variancePreserving = false;
  return {vp, ve};
}

}  // namespace

class TestTaskPanel : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void controlsMapToRunOptions() {
    TaskPanel panel;
    panel.setModels(someModels(), "vp-model");
    QSignalSpy changed(&panel, &TaskPanel::settingsChanged);
    child<QDoubleSpinBox>(panel, "t0Spin")->setValue(0.35);
    child<QSpinBox>(panel, "stepsSpin")->setValue(37);
    child<QSpinBox>(panel, "seedSpin")->setValue(1234);
    child<QDoubleSpinBox>(panel, "lambdaSpin")->setValue(0.8);
    choose(child<QComboBox>(panel, "dcNoiseCombo"), "clean");
    QVERIFY(changed.count() >= 5);

    const RunSettings s = panel.settings();
    const ccdf::RunOptions o = toRunOptions(s);
    QCOMPARE(o.t0, 0.35);
    QCOMPARE(o.steps, int64_t(37));
    QCOMPARE(o.seed, uint64_t(1234));
    QCOMPARE(o.dcLambda, 0.8);
    QVERIFY(o.measurementNoise == ccdf::MeasurementNoiseMode::Clean);
    QVERIFY(!o.pureNoiseStart);
    QCOMPARE(s.model, QString("vp-model"));
  }

  void samplerControlsMapToSamplerSettings() {
    TaskPanel panel;
    panel.setModels(someModels(), "vp-model");
    choose(child<QComboBox>(panel, "samplerCombo"), "ddpm");
    choose(child<QComboBox>(panel, "varianceCombo"), "large");
    ccdf::SamplerSettings ss = toSamplerSettings(panel.settings());
    QCOMPARE(QString::fromStdString(ss.name), QString("ddpm"));
    QVERIFY(ss.variance == ccdf::DdpmVariance::FixedLarge);

    choose(child<QComboBox>(panel, "samplerCombo"), "ddim");
    child<QDoubleSpinBox>(panel, "etaSpin")->setValue(0.5);
    ss = toSamplerSettings(panel.settings());
    QCOMPARE(QString::fromStdString(ss.name), QString("ddim"));
    QCOMPARE(ss.eta, 0.5);

    panel.setModels(someModels(), "ve-model");
    choose(child<QComboBox>(panel, "samplerCombo"), "vepc");
    child<QSpinBox>(panel, "correctorsSpin")->setValue(3);
    child<QDoubleSpinBox>(panel, "snrSpin")->setValue(0.2);
    child<QSpinBox>(panel, "stepsSpin")->setValue(25);
    const RunSettings s = panel.settings();
    ss = toSamplerSettings(s);
    QCOMPARE(QString::fromStdString(ss.name), QString("vepc"));
    QCOMPARE(ss.correctorSteps, int64_t(3));
    QCOMPARE(ss.snr, 0.2);
    // NFE = steps * (1 + correctors), the same count the core's sampler reports.
    QCOMPARE(s.nfePerStep(), int(ccdf::makeSampler(ss)->nfePerStep()));
    QCOMPARE(s.plannedNfe(), 100);
    QVERIFY(child<QLabel>(panel, "costLabel")->text().contains("100"));
  }

  void taskParametersMapToTheProblem() {
    TaskPanel panel;
    panel.setModels(someModels(), "vp-model");
    choose(child<QComboBox>(panel, "taskCombo"), "sr");
    child<QSpinBox>(panel, "scaleSpin")->setValue(3);
    child<QCheckBox>(panel, "simulateCheck")->setChecked(true);
    RunSettings s = panel.settings();
    QVERIFY(s.task == Task::SuperResolution);
    QCOMPARE(s.scale, 3);
    QVERIFY(s.simulateFromImage);

    choose(child<QComboBox>(panel, "taskCombo"), "mri");
    choose(child<QComboBox>(panel, "patternCombo"), "poisson");
    child<QDoubleSpinBox>(panel, "accelerationSpin")->setValue(6.0);
    child<QSpinBox>(panel, "acsSpin")->setValue(12);
    child<QSpinBox>(panel, "maskSeedSpin")->setValue(7);
    child<QSpinBox>(panel, "seedSpin")->setValue(3);  // the run's seed does not draw the mask
    panel.setImageSize(QSize(64, 64));
    s = panel.settings();
    QVERIFY(s.simulateFromImage);  // MRI always simulates k-space from the image
    const ccdf::KspaceMaskSpec spec = toMaskSpec(s);
    QVERIFY(spec.pattern == ccdf::MaskPattern::PoissonDisc2D);
    QCOMPARE(spec.acceleration, 6.0);
    QCOMPARE(spec.acsLines, int64_t(12));
    QCOMPARE(spec.seed, uint64_t(7));
    // The real acceleration of the mask the run will use is shown.
    const double real = ccdf::maskAcceleration(ccdf::makeKspaceMask(64, 64, spec));
    const QString shown = child<QLabel>(panel, "realAccelerationLabel")->text();
    QVERIFY2(shown.startsWith(QString::number(real, 'f', 2)), qPrintable(shown));
    choose(child<QComboBox>(panel, "patternCombo"), "variable-density");
    QVERIFY(toMaskSpec(panel.settings()).pattern == ccdf::MaskPattern::VariableDensity2D);
    // A fixed mask (a file, or the data's own) disables the design controls.
    QImage fixed(64, 64, QImage::Format_Grayscale8);
    fixed.fill(255);
    panel.setFixedMask(fixed, 1.0, "mask file");
    QVERIFY(panel.maskFixed());
    QVERIFY(!child<QComboBox>(panel, "patternCombo")->isEnabled());
    QVERIFY(!child<QSpinBox>(panel, "maskSeedSpin")->isEnabled());
    QVERIFY(child<QLabel>(panel, "realAccelerationLabel")->text().contains("mask file"));
    panel.setFixedMask(QImage());
    QVERIFY(child<QComboBox>(panel, "patternCombo")->isEnabled());
  }

  void t0SliderAndSpinBoxStayInStep() {
    TaskPanel panel;
    auto* slider = child<QSlider>(panel, "t0Slider");
    auto* spin = child<QDoubleSpinBox>(panel, "t0Spin");
    QCOMPARE(spin->minimum(), 0.01);
    QCOMPARE(spin->maximum(), 1.0);
    slider->setValue(55);
    QCOMPARE(spin->value(), 0.55);
    spin->setValue(0.07);
    QCOMPARE(slider->value(), 7);
    QCOMPARE(panel.settings().t0, 0.07);
    // Auto t0 hands the choice to the engine: the manual controls are disabled, the settings
    // and the equivalent command line say 'auto'.
    auto* autoT0 = child<QCheckBox>(panel, "t0AutoCheck");
    autoT0->setChecked(true);
    QVERIFY(!slider->isEnabled() && !spin->isEnabled());
    QVERIFY(panel.settings().autoT0);
    QVERIFY(restoreArguments(panel.settings(), "/a.png", "/m.png", "/o.png")
                .join(' ')
                .contains("--t0 auto"));
    autoT0->setChecked(false);
    QVERIFY(slider->isEnabled() && spin->isEnabled());
  }

  void invalidCombinationsAreDisabledOrExplained() {
    TaskPanel panel;
    panel.setModels(someModels(), "vp-model");
    auto* init = child<QComboBox>(panel, "initialiserCombo");
    choose(child<QComboBox>(panel, "taskCombo"), "inpaint");
    QVERIFY(!itemEnabled(init, "bicubic"));
    QVERIFY(itemEnabled(init, "telea"));
    QVERIFY(!itemEnabled(init, "zero-filled"));
    choose(child<QComboBox>(panel, "taskCombo"), "sr");
    QVERIFY(itemEnabled(init, "bicubic"));
    QVERIFY(itemEnabled(init, "lanczos"));
    QVERIFY(!itemEnabled(init, "telea"));
    choose(child<QComboBox>(panel, "taskCombo"), "mri");
    QVERIFY(itemEnabled(init, "zero-filled"));
    QVERIFY(!itemEnabled(init, "lanczos"));

    auto* sampler = child<QComboBox>(panel, "samplerCombo");
    QVERIFY(itemEnabled(sampler, "ddpm"));
    QVERIFY(!itemEnabled(sampler, "vepc"));
    panel.setModels(someModels(), "ve-model");
    QVERIFY(!itemEnabled(sampler, "ddpm"));
    QVERIFY(itemEnabled(sampler, "vepc"));
    choose(sampler, "ddpm");
    auto* problem = child<QLabel>(panel, "problemLabel");
    QVERIFY(!problem->isHidden());
    QVERIFY(problem->text().contains("VE"));
    QVERIFY(!child<QPushButton>(panel, "runButton")->isEnabled());
    choose(sampler, "vepc");
    QVERIFY(problem->isHidden());
    QVERIFY(child<QPushButton>(panel, "runButton")->isEnabled());

    panel.setModels({}, QString());
    QVERIFY(!panel.settings().problem().isEmpty());
    QVERIFY(!child<QPushButton>(panel, "runButton")->isEnabled());
  }

  void settingsRoundTripThroughPanelAndJson() {
    TaskPanel panel;
    panel.setModels(someModels(), "vp-model");
    RunSettings s;
    s.task = Task::Mri;
    s.maskPattern = "equispaced";
    s.acceleration = 5.5;
    s.acsLines = 16;
    s.maskSeed = 12;
    s.model = "vp-model";
    s.sampler = "ddim";
    s.eta = 0.3;
    s.initialiser = "noise";
    s.t0 = 0.42;
    s.autoT0 = true;
    s.steps = 64;
    s.seed = 99;
    s.lambda = 0.6;
    s.cleanDc = true;
    s.simulateFromImage = true;
    panel.setSettings(s);
    QCOMPARE(panel.settings(), s);
    QCOMPARE(RunSettings::fromJson(s.toJson()), s);
  }

  void commandLineHasEveryOption() {
    RunSettings s;
    s.task = Task::Inpainting;
    s.model = "gaussian-grey";
    s.sampler = "ddim";
    s.eta = 0.25;
    s.t0 = 0.3;
    s.steps = 12;
    s.seed = 5;
    const QStringList a = restoreArguments(s, "/in put.png", "/m.png", "/out.png");
    const QString joined = a.join(' ');
    for (const char* expected :
         {"restore", "--task inpaint", "--input /in put.png", "--mask /m.png",
          "--model gaussian-grey", "--sampler ddim", "--eta 0.25", "--t0 0.3", "--steps 12",
          "--init adjoint", "--lambda 1", "--dc-noise diffused", "--seed 5", "--output /out.png"})
      QVERIFY2(joined.contains(expected), expected);
    QVERIFY(!joined.contains("--variance"));
    QVERIFY(shellCommand("ccdf", a).contains("'/in put.png'"));

    // MRI: a mask file, a design, or neither (the data's own mask).
    s.task = Task::Mri;
    s.initialiser = "zero-filled";
    s.maskPattern = "poisson";
    s.acceleration = 3;
    s.acsLines = 6;
    s.maskSeed = 9;
    const QString file = restoreArguments(s, "/k.h5", "/m.png", "/o.dcm").join(' ');
    QVERIFY(file.contains("--mask /m.png") && !file.contains("--pattern"));
    const QString designed = restoreArguments(s, "/k.h5", "", "/o.dcm", true).join(' ');
    QVERIFY2(designed.contains("--pattern poisson --accel 3 --acs 6 --mask-seed 9"),
             qPrintable(designed));
    QVERIFY(!designed.contains("--mask "));
    const QString data = restoreArguments(s, "/k.h5", "", "/o.dcm", false).join(' ');
    QVERIFY(!data.contains("--mask") && !data.contains("--pattern"));
  }
};

QTEST_MAIN(TestTaskPanel)
#include "tst_gui_panel.moc"
