// Medical inputs in CCDF Studio: the k-space mask designer (real acceleration per pattern, the
// overlay on the k-space, masks saved and loaded), DICOM files opened like photos and results
// saved as DICOM, multi-coil k-space files fully sampled (retrospective, designed mask) or
// undersampled (prospective, the data's mask), and a run on k-space scored against the fully
// sampled reference; multi-slice inputs shown and restored at the slice chosen in the status bar.
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "core_info.h"
#include "core_mapping.h"
#include "image_canvas.h"
#include "input_file.h"
#include "io/dicom_io.h"
#include "io/image_io.h"
#include "io/kspace_io.h"
#include "main_window.h"
#include "mask_designer.h"
#include "ops/fft.h"
#include "ops/masks.h"
#include "support/gui_test_support.h"
#include "task_panel.h"

using namespace ccdf::gui;
using namespace ccdf::gui::test;

namespace {

constexpr int64_t kSide = 32;

// A grey ellipse with a brighter spot, [H, W] in [0, 1].
torch::Tensor phantom(int64_t H, int64_t W) {
  const auto y = torch::linspace(-1, 1, H).view({H, 1});
  const auto x = torch::linspace(-1, 1, W).view({1, W});
  const auto body = (x * x / 0.6 + y * y / 0.8 < 0.7).to(torch::kFloat) * 0.7;
  const auto spot = ((x - 0.2) * (x - 0.2) + (y + 0.1) * (y + 0.1) < 0.05).to(torch::kFloat) * 0.3;
  return body + spot;
}

// Fully sampled k-space of `coils` coils with smooth sensitivities around the object, in the
// project convention: [coils, H, W] complex.
torch::Tensor multiCoilKspace(int64_t coils) {
  const auto y = torch::linspace(-1, 1, kSide).view({kSide, 1});
  const auto x = torch::linspace(-1, 1, kSide).view({1, kSide});
  std::vector<torch::Tensor> images;
  for (int64_t c = 0; c < coils; ++c) {
    const double a = 2 * M_PI * double(c) / double(coils);
    const auto sensitivity =
        torch::exp(-((x - std::cos(a)).pow(2) + (y - std::sin(a)).pow(2)) / 2.0);
    images.push_back(phantom(kSide, kSide) * sensitivity);
  }
  return ccdf::fft2Ortho(torch::stack(images).to(torch::kComplexFloat));
}

QStringList filesIn(const QString& folder) {
  return QDir(folder).entryList(QDir::Files | QDir::Hidden);
}

void configure(MainWindow& window, Task task) {
  RunSettings s = fastRun(window.taskPanel()->settings(), task, 6, 5);
  s.t0 = 0.3;
  s.maskPattern = "gaussian";
  s.acceleration = 2.0;
  s.acsLines = 6;
  s.maskSeed = 1;
  window.taskPanel()->setSettings(s);
}

}  // namespace

class TestMedicalInputs : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;

  // Each k-space file in its own folder: a mask.png beside it would become its mask.
  QString folder(const QString& name) {
    QDir(dir_.path()).mkpath(name);
    return dir_.filePath(name);
  }

  QString writeWrongSizeMask() {
    const QString path = folder("wrong") + "/mask8.png";
    QImage small(8, 8, QImage::Format_Grayscale8);
    small.fill(255);
    small.save(path);
    return path;
  }

  QString writeRetrospective() {
    const QString base = folder("cfl") + "/coils";
    ccdf::writeCfl(base.toStdString(),
                   ccdf::kspaceToCentred(multiCoilKspace(4)).view({4, 1, kSide, kSide}));
    return base + ".cfl";
  }

 private Q_SLOTS:
  void initTestCase() {
    QCoreApplication::setOrganizationName("ccdf-studio-tests");
    QCoreApplication::setApplicationName("tst_gui_mri");
  }

  void designerShowsTheRealAcceleration_data() {
    QTest::addColumn<QString>("pattern");
    for (const char* p : {"uniform", "gaussian", "equispaced", "poisson", "variable-density"})
      QTest::newRow(p) << QString(p);
  }

  void designerShowsTheRealAcceleration() {
    QFETCH(QString, pattern);
    MaskDesignerInput in;
    in.size = QSize(64, 48);
    MaskDesigner designer(in);
    auto* combo = designer.findChild<QComboBox*>("designerPattern");
    QVERIFY(combo);
    combo->setCurrentIndex(combo->findData(pattern));
    designer.findChild<QDoubleSpinBox*>("designerAcceleration")->setValue(3.0);
    designer.findChild<QSpinBox*>("designerAcs")->setValue(6);
    designer.findChild<QSpinBox*>("designerSeed")->setValue(4);
    const RunSettings s = designer.settings();
    QCOMPARE(s.maskPattern, pattern);
    QCOMPARE(s.maskSeed, quint64(4));
    const double expected = ccdf::maskAcceleration(ccdf::makeKspaceMask(48, 64, toMaskSpec(s)));
    QCOMPARE(designer.realAcceleration(), expected);
    const QString shown = designer.findChild<QLabel*>("designerRealAcceleration")->text();
    QVERIFY2(shown.startsWith(QString::number(expected, 'f', 2)), qPrintable(shown));
    QCOMPARE(designer.mask().size(), QSize(64, 48));
    QCOMPARE(designer.overlayImage().size(), QSize(64, 48));
    QVERIFY(designer.origin() == MaskDesigner::Origin::Design);
  }

  void maskSavesAndLoads() {
    MaskDesignerInput in;
    in.size = QSize(40, 32);
    in.settings.maskPattern = "poisson";
    in.settings.acceleration = 3.0;
    in.settings.acsLines = 4;
    MaskDesigner designer(in);
    const QString out = folder("masks");
    const QString path = out + "/designed.png";
    QVERIFY(designer.saveMask(path));
    QCOMPARE(filesIn(out), QStringList{"designed.png"});  // atomic: no temporary left

    MaskDesignerInput other = in;
    other.settings.maskPattern = "uniform";
    MaskDesigner loader(other);
    QVERIFY(loader.loadMask(path));
    QVERIFY(loader.origin() == MaskDesigner::Origin::File);
    QCOMPARE(loader.maskPath(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(loader.mask(), designer.mask());
    QCOMPARE(loader.realAcceleration(), designer.realAcceleration());
    // The core reads the saved file as the same mask.
    const torch::Tensor read = ccdf::loadMask(path.toStdString())[0][0];
    QCOMPARE(ccdf::maskAcceleration(read), designer.realAcceleration());

    // A mask of another size is refused and the loaded one kept; inputs are never overwritten.
    QImage small(8, 8, QImage::Format_Grayscale8);
    small.fill(255);
    QVERIFY(small.save(out + "/small.png"));
    QVERIFY(!loader.loadMask(out + "/small.png"));
    QCOMPARE(loader.maskPath(), QFileInfo(path).absoluteFilePath());
    other.inputPaths = {path};
    MaskDesigner guarded(other);
    QVERIFY(!guarded.saveMask(path));
    QCOMPARE(ccdf::maskAcceleration(ccdf::loadMask(path.toStdString())[0][0]),
             designer.realAcceleration());
  }

  void opensDicomAndSavesADerivedSeries() {
    const QString path = folder("dicom") + "/slice.dcm";
    ccdf::DicomMetadata meta;
    meta.patientName = "Test^Studio";
    meta.patientId = "CCDF-GUI-1";
    meta.modality = "MR";
    const torch::Tensor values = phantom(24, 20) * 900.0 + 100.0;  // modality units
    ccdf::writeDicomDerived(path.toStdString(), values.view({1, 1, 24, 20}), meta, {});
    // Also without an extension: recognised by content.
    const QString bare = folder("dicom") + "/SLICE0001";
    QVERIFY(QFile::copy(path, bare));

    MainWindow window;
    QVERIFY(window.openImage(bare));
    QVERIFY(window.openedInput().isDicom);
    QVERIFY(window.openImage(path));
    QVERIFY(window.openedInput().isDicom);
    QVERIFY(!window.taskPanel()->kspaceFromFile());
    QCOMPARE(window.canvas()->image().size(), QSize(20, 24));

    configure(window, Task::SuperResolution);
    const RunOutcome o = runWindow(window);
    QVERIFY2(o.status == RunStatus::Finished, qPrintable(o.error));
    const QString out = folder("dicom-out") + "/restored.dcm";
    QVERIFY(window.saveResult(out));
    QCOMPARE(filesIn(folder("dicom-out")), QStringList{"restored.dcm"});
    const ccdf::DicomImage read = ccdf::readDicom(out.toStdString());
    QCOMPARE(read.frames.size(2), int64_t(48));
    QCOMPARE(read.frames.size(3), int64_t(40));
    QCOMPARE(QString::fromStdString(read.meta.patientId), QString("CCDF-GUI-1"));
    // In the input's units: the result spans about the input's value range.
    QVERIFY(read.frames.max().item<double>() > 500.0);
    QVERIFY(!window.saveResult(path));  // never over the input
  }

  void fullySampledKspaceIsRetrospective() {
    MainWindow window;
    QVERIFY(window.openImage(writeRetrospective()));
    const OpenedInput& in = window.openedInput();
    QVERIFY(in.isKspace);
    QVERIFY(in.fullySampled);
    QCOMPARE(window.canvas()->image().size(), QSize(kSide, kSide));
    TaskPanel* panel = window.taskPanel();
    QVERIFY(panel->kspaceFromFile());
    QVERIFY(panel->settings().task == Task::Mri);
    QVERIFY(!panel->maskFixed());
    QVERIFY(panel->findChild<QComboBox*>("patternCombo")->isEnabled());
    QVERIFY(panel->findChild<QDoubleSpinBox*>("accelerationSpin")->isEnabled());
    // The designer shows this k-space with the mask over it.
    const MaskDesignerInput designerInput = window.maskDesignerInput();
    QCOMPARE(designerInput.kspace.size(), QSize(kSide, kSide));
    MaskDesigner designer(designerInput);
    QCOMPARE(designer.overlayImage().size(), QSize(kSide, kSide));
    QVERIFY(window.restoreCommand("/tmp/out.dcm").contains("--pattern"));
  }

  // libhdf5 1.10.8 crashes reading this damaged file (found by fuzz_fastmri). The window reads
  // HDF5 in a child process first, so it shows an error and keeps what it had open.
  void damagedHdf5FileDoesNotTakeTheWindowDown() {
    const QString photo = folder("damaged") + "/photo.png";
    writeImage(photo, 40, 24);
    const QString crasher = folder("damaged") + "/crasher.h5";
    QVERIFY(QFile::copy(
        QStringLiteral(CCDF_SOURCE_DIR "/tests/data/fuzz/fastmri/libhdf5-group-lookup-segv.reject"),
        crasher));
    MainWindow window;
    QVERIFY(window.openImage(photo));
    QVERIFY(!window.openImage(crasher));
    const QString error = takeError(window);
    QVERIFY2(error.contains("damaged HDF5 file: libhdf5 crashed"), qPrintable(error));
    QCOMPARE(window.openedInput().image.width(), 40);  // the photo is still the input
    QCOMPARE(window.openedInput().image.height(), 24);
  }

  void undersampledKspaceIsProspective() {
    torch::Tensor k = multiCoilKspace(4);
    // Keep the 4 lowest frequencies on either side of DC and every third column.
    torch::Tensor keep = torch::zeros({kSide});
    keep.index_put_({torch::indexing::Slice(0, 4)}, 1);
    keep.index_put_({torch::indexing::Slice(kSide - 4, kSide)}, 1);
    keep.index_put_({torch::indexing::Slice(0, kSide, 3)}, 1);
    k = k * keep.view({1, 1, kSide});
    const QString path = folder("npy") + "/undersampled.npy";
    ccdf::saveNpy(path.toStdString(), k);

    MainWindow window;
    QVERIFY(window.openImage(path));
    const OpenedInput& in = window.openedInput();
    QVERIFY(in.isKspace);
    QVERIFY(!in.fullySampled);
    QCOMPARE(in.realAcceleration, double(kSide) / keep.sum().item<double>());
    TaskPanel* panel = window.taskPanel();
    QVERIFY(panel->settings().task == Task::Mri);
    QVERIFY(panel->maskFixed());
    QVERIFY(!panel->findChild<QComboBox*>("patternCombo")->isEnabled());
    QVERIFY(!panel->findChild<QSpinBox*>("acsSpin")->isEnabled());
    const QString command = window.restoreCommand("/tmp/out.png");
    QVERIFY2(!command.contains("--pattern") && !command.contains("--mask "), qPrintable(command));
    // The designer shows the data's mask, its controls off.
    MaskDesigner designer(window.maskDesignerInput());
    QVERIFY(designer.origin() == MaskDesigner::Origin::Data);
    QCOMPARE(designer.realAcceleration(), in.realAcceleration);
    QVERIFY(!designer.findChild<QComboBox*>("designerPattern")->isEnabled());
  }

  void runOnKspaceReportsPsnrAndSavesDicom() {
    MainWindow window;
    QVERIFY(window.openImage(writeRetrospective()));
    configure(window, Task::Mri);
    const RunOutcome o = runWindow(window);
    QVERIFY2(o.status == RunStatus::Finished, qPrintable(o.error));
    QCOMPARE(o.result.width(), int(kSide));
    QVERIFY(o.quality.valid() && o.initialQuality.valid());
    qInfo("psnr %.2f (initial %.2f), ssim %.3f", o.quality.psnr, o.initialQuality.psnr,
          o.quality.ssim);
    QVERIFY2(o.quality.psnr > 20.0, qPrintable(QString::number(o.quality.psnr)));
    QVERIFY2(o.referenceSource.contains("fully sampled"), qPrintable(o.referenceSource));

    const QString out = folder("kspace-out") + "/restored.dcm";
    QVERIFY(window.saveResult(out));
    const ccdf::DicomImage read = ccdf::readDicom(out.toStdString());
    QCOMPARE(read.frames.size(2), kSide);
    QCOMPARE(read.frames.size(3), kSide);

    // A mask file chosen in the designer becomes the run's mask.
    MaskDesignerInput in = window.maskDesignerInput();
    in.settings.maskPattern = "equispaced";
    in.settings.acceleration = 4.0;
    MaskDesigner designer(in);
    const QString maskPath = folder("kspace-out") + "/equispaced.png";
    QVERIFY(designer.saveMask(maskPath));
    QVERIFY(designer.loadMask(maskPath));
    window.applyMaskDesign(designer);
    QCOMPARE(window.mriMaskPath(), QFileInfo(maskPath).absoluteFilePath());
    QVERIFY(window.taskPanel()->maskFixed());
    QCOMPARE(window.currentRequest().kspaceMaskPath, window.mriMaskPath());
    QVERIFY(window.restoreCommand("/tmp/o.png").contains("--mask " + window.mriMaskPath()));
    const RunOutcome fromFile = runWindow(window);
    QVERIFY2(fromFile.status == RunStatus::Finished, qPrintable(fromFile.error));
    QVERIFY(fromFile.quality.valid());
  }

  // An image with a mask file: retrospective through prepareMriInput, scored against the image.
  void imageWithAMaskFile() {
    const QString image = folder("image") + "/slice.png";
    const torch::Tensor unit = phantom(kSide, kSide).view({1, 1, kSide, kSide});
    ccdf::saveImage(image.toStdString(), unit, 8);
    MaskDesignerInput in;
    in.size = QSize(kSide, kSide);
    in.settings.maskPattern = "uniform";
    in.settings.acceleration = 2.0;
    in.settings.acsLines = 4;
    MaskDesigner designer(in);
    const QString maskPath = folder("image") + "/uniform.png";
    QVERIFY(designer.saveMask(maskPath));

    MainWindow window;
    QVERIFY(window.openImage(image));
    configure(window, Task::Mri);
    QVERIFY(window.setMriMaskFile(maskPath));
    QVERIFY(window.taskPanel()->maskFixed());
    const QString command = window.restoreCommand("/tmp/o.png");
    QVERIFY2(!command.contains("simulate") && command.contains("--mask " + window.mriMaskPath()),
             qPrintable(command));
    const RunOutcome o = runWindow(window);
    QVERIFY2(o.status == RunStatus::Finished, qPrintable(o.error));
    QVERIFY(o.quality.valid());
    QVERIFY(!window.setMriMaskFile(writeWrongSizeMask()));
  }

  // A k-space file with 3 slices opens at the middle one; the status bar's slice control reads
  // slice 1 (0-based 0) in the background, keeps the settings, and runs and the exported
  // command use it.
  void multiSliceKspaceSelectsTheSlice() {
    // Three different objects: the phantom, mirrored, and a centred square.
    const torch::Tensor p = phantom(kSide, kSide);
    torch::Tensor square = torch::zeros({kSide, kSide});
    square.index_put_({torch::indexing::Slice(8, 24), torch::indexing::Slice(10, 22)}, 0.9);
    const torch::Tensor images = torch::stack({p, p.flip({1}), square}).view({3, 1, kSide, kSide});
    const QString path = folder("slices") + "/three.npy";
    ccdf::saveNpy(path.toStdString(), ccdf::fft2Ortho(images.to(torch::kComplexFloat)));
    const auto shown = [&](int slice) {
      return openInputFile(path, slice).image.toQImage().convertToFormat(QImage::Format_Grayscale8);
    };

    MainWindow window;
    auto* bar = window.findChild<QWidget*>("sliceBar");
    auto* spin = window.findChild<QSpinBox*>("sliceSpin");
    QVERIFY(bar && spin);
    QVERIFY(bar->isHidden());
    QVERIFY(window.openImage(writeRetrospective()));  // a single slice: no control
    QVERIFY(bar->isHidden());

    QVERIFY(window.openImage(path));
    QCOMPARE(window.openedInput().frames, 3);
    QCOMPARE(window.openedInput().frame, 1);
    QVERIFY(!bar->isHidden());
    QCOMPARE(spin->maximum(), 3);
    QCOMPARE(spin->value(), 2);
    QVERIFY(window.findChild<QLabel*>("sliceCount")->text().contains("3"));
    QCOMPARE(window.canvas()->image().convertToFormat(QImage::Format_Grayscale8), shown(1));
    QVERIFY(shown(0) != shown(1));
    configure(window, Task::Mri);
    RunSettings s = window.taskPanel()->settings();
    s.acceleration = 3.0;
    window.taskPanel()->setSettings(s);

    // As typed into the spin box: read in the background, then shown.
    spin->selectAll();
    QTest::keyClicks(spin, "1");
    QTest::keyClick(spin, Qt::Key_Enter);
    QCOMPARE(window.openedInput().frame, 1);  // not yet: the GUI thread did not wait
    QTRY_COMPARE_WITH_TIMEOUT(window.openedInput().frame, 0, 30000);
    QCOMPARE(spin->value(), 1);
    QCOMPARE(window.canvas()->image().convertToFormat(QImage::Format_Grayscale8), shown(0));
    QVERIFY(window.taskPanel()->settings() == s);  // same size: the settings stay
    QCOMPARE(window.currentRequest().frame, 0);
    QVERIFY2(window.restoreCommand("/tmp/o.png").contains("--slice 0 "),
             qPrintable(window.restoreCommand("/tmp/o.png")));

    const RunOutcome o = runWindow(window);
    QVERIFY2(o.status == RunStatus::Finished, qPrintable(o.error));
    QCOMPARE(o.request.frame, 0);
    QVERIFY(o.quality.valid());  // against slice 0, fully sampled

#ifdef CCDF_CLI
    if (QFile::exists(CCDF_CLI)) {
      const QString guiOut = folder("slices-out") + "/gui.png";
      const QString cliOut = folder("slices-out") + "/cli.png";
      QVERIFY(window.saveResult(guiOut));
      const QString command = window.restoreCommand(cliOut);
      QProcess cli;
      cli.setProcessChannelMode(QProcess::MergedChannels);
      cli.start("/bin/sh", {"-c", QString(CCDF_CLI) + command.mid(4)});
      QVERIFY(cli.waitForFinished(300000));
      QVERIFY2(cli.exitCode() == 0, cli.readAll().constData());
      QCOMPARE(QImage(guiOut).convertToFormat(QImage::Format_Grayscale8),
               QImage(cliOut).convertToFormat(QImage::Format_Grayscale8));
    }
#endif
    // Back to the middle slice through the public call.
    window.selectFrame(1);
    QTRY_COMPARE_WITH_TIMEOUT(window.openedInput().frame, 1, 30000);
    QCOMPARE(spin->value(), 2);
    QCOMPARE(window.canvas()->image().convertToFormat(QImage::Format_Grayscale8), shown(1));
  }

  // The exported `ccdf restore` command gives the GUI's pixels for a k-space file.
  void commandLineReproducesTheKspaceRun() {
#ifndef CCDF_CLI
    QSKIP("the ccdf command-line tool is not part of this build");
#else
    if (!QFile::exists(CCDF_CLI)) QSKIP("ccdf is not built");
    MainWindow window;
    QVERIFY(window.openImage(writeRetrospective()));
    configure(window, Task::Mri);
    QVERIFY(runWindow(window).status == RunStatus::Finished);
    const QString guiOut = folder("cli") + "/gui.png", cliOut = folder("cli") + "/cli.png";
    QVERIFY(window.saveResult(guiOut));
    const QString command = window.restoreCommand(cliOut);
    QVERIFY2(command.contains("--pattern gaussian"), qPrintable(command));
    QProcess cli;
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start("/bin/sh", {"-c", QString(CCDF_CLI) + command.mid(4)});
    QVERIFY(cli.waitForFinished(300000));
    QVERIFY2(cli.exitCode() == 0, cli.readAll().constData());
    QCOMPARE(QImage(guiOut).convertToFormat(QImage::Format_Grayscale8),
             QImage(cliOut).convertToFormat(QImage::Format_Grayscale8));
#endif
  }
};

QTEST_MAIN(TestMedicalInputs)
#include "tst_gui_mri.moc"
