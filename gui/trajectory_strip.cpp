#include "trajectory_strip.h"

namespace ccdf::gui {

namespace {
constexpr int kIconSide = 72;
constexpr int kPreviewSide = 256;  // kept per frame for a larger view on click
}  // namespace

TrajectoryStrip::TrajectoryStrip(QWidget* parent, int capacity)
    : QListWidget(parent), capacity_(qMax(4, capacity)) {
  setViewMode(QListView::IconMode);
  setFlow(QListView::LeftToRight);
  setWrapping(false);
  setIconSize(QSize(kIconSide, kIconSide));
  setMovement(QListView::Static);
  setFixedHeight(kIconSide + 48);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  connect(this, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    Q_EMIT frameChosen(item->data(Qt::UserRole).value<QImage>(), item->text());
  });
}

void TrajectoryStrip::addFrame(const QImage& image, int step, int totalSteps) {
  if (image.isNull()) return;
  const QImage preview =
      image.width() > kPreviewSide || image.height() > kPreviewSide
          ? image.scaled(kPreviewSide, kPreviewSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)
          : image;
  auto* item = new QListWidgetItem(
      QIcon(QPixmap::fromImage(
          preview.scaled(kIconSide, kIconSide, Qt::KeepAspectRatio, Qt::SmoothTransformation))),
      tr("%1/%2").arg(step).arg(totalSteps));
  item->setData(Qt::UserRole, preview);
  addItem(item);
  if (count() > capacity_) thin();
  scrollToItem(item);
}

void TrajectoryStrip::thin() {
  // Remove items 1, 3, 5, ... but never the last one.
  for (int i = 1; i < count() - 1; ++i) delete takeItem(i);
}

}  // namespace ccdf::gui
