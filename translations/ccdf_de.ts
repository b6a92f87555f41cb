<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
</context>
<context>
    <name>RunSettings</name>
    <message>
        <source>Choose a model.</source>
        <translation>Wählen Sie ein Modell.</translation>
    </message>
    <message>
        <source>t0 must lie in (0, 1].</source>
        <translation>t0 muss in (0, 1] liegen.</translation>
    </message>
    <message>
        <source>At least one reverse step is needed.</source>
        <translation>Mindestens ein Rückwärtsschritt ist nötig.</translation>
    </message>
    <message>
        <source>The data-consistency strength must lie in (0, 1].</source>
        <translation>Die Datenkonsistenz-Stärke muss in (0, 1] liegen.</translation>
    </message>
    <message>
        <source>The scale must be at least 1.</source>
        <translation>Der Skalierungsfaktor muss mindestens 1 sein.</translation>
    </message>
    <message>
        <source>The acceleration must be at least 1.</source>
        <translation>Die Beschleunigung muss mindestens 1 sein.</translation>
    </message>
    <message>
        <source>The initialiser &apos;%1&apos; does not apply to this task.</source>
        <translation>Die Initialisierung „%1“ passt nicht zu dieser Aufgabe.</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::Autosave</name>
    <message>
        <source>Saved: %1</source>
        <translation>Gespeichert: %1</translation>
    </message>
    <message>
        <source>Input: %1</source>
        <translation>Eingabe: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Painted mask: %1 pixels to fill</source>
        <translation>Gemalte Maske: %1 zu füllende Pixel</translation>
    </message>
    <message>
        <source>Runs in the history: %1</source>
        <translation>Läufe im Verlauf: %1</translation>
    </message>
    <message>
        <source>Restore the previous session?</source>
        <translation>Vorherige Sitzung wiederherstellen?</translation>
    </message>
    <message>
        <source>CCDF Studio did not close normally last time. Its autosave can be restored.</source>
        <translation>CCDF Studio wurde beim letzten Mal nicht normal beendet. Die automatische Sicherung kann wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>the input %1 (%2)</source>
        <translation>die Eingabe %1 (%2)</translation>
    </message>
    <message>
        <source>the input %1 (the file is gone)</source>
        <translation>die Eingabe %1 (die Datei fehlt)</translation>
    </message>
    <message>
        <source>the MRI mask %1 (the file is gone)</source>
        <translation>die MRT-Maske %1 (die Datei fehlt)</translation>
    </message>
    <message>
        <source>the reference %1 (the file is gone)</source>
        <translation>die Referenz %1 (die Datei fehlt)</translation>
    </message>
    <message>
        <source>the model %1 (not installed)</source>
        <translation>das Modell %1 (nicht installiert)</translation>
    </message>
    <message>
        <source>the painted mask (its input is not open)</source>
        <translation>die gemalte Maske (ihre Eingabe ist nicht geöffnet)</translation>
    </message>
    <message>
        <source>Restored the previous session (run history: %1)</source>
        <translation>Vorherige Sitzung wiederhergestellt (Verlauf der Läufe: %1)</translation>
    </message>
    <message>
        <source>Session partly restored</source>
        <translation>Sitzung teilweise wiederhergestellt</translation>
    </message>
    <message>
        <source>Could not restore: %1</source>
        <translation>Nicht wiederhergestellt: %1</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::ImageCanvas</name>
    <message>
        <source>x %1  y %2  value %3</source>
        <translation>x %1  y %2  Wert %3</translation>
    </message>
    <message>
        <source>  (known)</source>
        <translation>  (bekannt)</translation>
    </message>
    <message>
        <source>  (to fill)</source>
        <translation>  (zu füllen)</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::LogDock</name>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::MainWindow</name>
    <message>
        <source>CCDF Studio</source>
        <translation>CCDF Studio</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Initial estimate</source>
        <translation>Anfangsschätzung</translation>
    </message>
    <message>
        <source>Left:</source>
        <translation>Links:</translation>
    </message>
    <message>
        <source>Right: result</source>
        <translation>Rechts: Ergebnis</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>Bild ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Reference…</source>
        <translation>&amp;Referenz öffnen…</translation>
    </message>
    <message>
        <source>&amp;Save Result…</source>
        <translation>Ergebnis &amp;speichern…</translation>
    </message>
    <message>
        <source>Export Run Settings (&amp;JSON)…</source>
        <translation>Laufeinstellungen exportieren (&amp;JSON)…</translation>
    </message>
    <message>
        <source>Export &amp;Command Line…</source>
        <translation>&amp;Befehlszeile exportieren…</translation>
    </message>
    <message>
        <source>&amp;Load Mask…</source>
        <translation>Maske &amp;laden…</translation>
    </message>
    <message>
        <source>Save &amp;Mask…</source>
        <translation>&amp;Maske speichern…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Invert Mask</source>
        <translation>Maske &amp;invertieren</translation>
    </message>
    <message>
        <source>&amp;Clear Mask</source>
        <translation>Maske &amp;leeren</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;bbrechen</translation>
    </message>
    <message>
        <source>t0 &amp;Sweep…</source>
        <translation>t0-&amp;Reihe…</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation>&amp;Originalgröße (1:1)</translation>
    </message>
    <message>
        <source>Reset &amp;Window/Level</source>
        <translation>&amp;Fenster/Pegel zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Compare Before/After</source>
        <translation>Vorher/Nachher &amp;vergleichen</translation>
    </message>
    <message>
        <source>Toggle x_t / x̂0</source>
        <translation>x_t / x̂0 umschalten</translation>
    </message>
    <message>
        <source>Show &amp;Input</source>
        <translation>&amp;Eingabe zeigen</translation>
    </message>
    <message>
        <source>Show R&amp;esult</source>
        <translation>Er&amp;gebnis zeigen</translation>
    </message>
    <message>
        <source>&amp;Pan</source>
        <translation>&amp;Verschieben</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation>&amp;Pinsel</translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation>&amp;Radierer</translation>
    </message>
    <message>
        <source>Rec&amp;tangle</source>
        <translation>Rech&amp;teck</translation>
    </message>
    <message>
        <source>&amp;About CCDF Studio</source>
        <translation>Ü&amp;ber CCDF Studio</translation>
    </message>
    <message>
        <source>Smaller Brush</source>
        <translation>Kleinerer Pinsel</translation>
    </message>
    <message>
        <source>Larger Brush</source>
        <translation>Größerer Pinsel</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>The language changes when CCDF Studio starts again.</source>
        <translation>Die Sprache ändert sich beim nächsten Start von CCDF Studio.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Trajectory</source>
        <translation>Trajektorie</translation>
    </message>
    <message>
        <source>Run history</source>
        <translation>Verlauf der Läufe</translation>
    </message>
    <message>
        <source>Trajectory frame %1</source>
        <translation>Trajektorienbild %1</translation>
    </message>
    <message>
        <source>About CCDF Studio</source>
        <translation>Über CCDF Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;CCDF Studio %1&lt;/h3&gt;&lt;p&gt;Interactive image restoration with diffusion models: Come-Closer-Diffuse-Faster (Chung, Sim, Ye, CVPR 2022).&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;br&gt;%4&lt;/p&gt;</source>
        <translation>&lt;h3&gt;CCDF Studio %1&lt;/h3&gt;&lt;p&gt;Interaktive Bildrestaurierung mit Diffusionsmodellen: Come-Closer-Diffuse-Faster (Chung, Sim, Ye, CVPR 2022).&lt;/p&gt;&lt;p&gt;Qt %2 (erstellt mit %3)&lt;br&gt;%4&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — CCDF Studio</source>
        <translation>%1 — CCDF Studio</translation>
    </message>
    <message>
        <source>Opened %1 (%2×%3, %4 channel(s), %5-bit)</source>
        <translation>%1 geöffnet (%2×%3, %4 Kanal/Kanäle, %5 Bit)</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>PSNR %1 dB (initial %2) · SSIM %3</source>
        <translation>PSNR %1 dB (anfangs %2) · SSIM %3</translation>
    </message>
    <message>
        <source>Cannot compare with the reference</source>
        <translation>Vergleich mit der Referenz nicht möglich</translation>
    </message>
    <message>
        <source>Open Reference (Ground Truth)</source>
        <translation>Referenz öffnen (Ground Truth)</translation>
    </message>
    <message>
        <source>Cannot load mask</source>
        <translation>Maske kann nicht geladen werden</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a readable image.</source>
        <translation>„%1“ ist kein lesbares Bild.</translation>
    </message>
    <message>
        <source>Load mask</source>
        <translation>Maske laden</translation>
    </message>
    <message>
        <source>The mask is %1×%2 but the image is %3×%4.</source>
        <translation>Die Maske ist %1×%2, das Bild aber %3×%4.</translation>
    </message>
    <message>
        <source>Load Mask</source>
        <translation>Maske laden</translation>
    </message>
    <message>
        <source>PNG masks (*.png)</source>
        <translation>PNG-Masken (*.png)</translation>
    </message>
    <message>
        <source>Save Mask</source>
        <translation>Maske speichern</translation>
    </message>
    <message>
        <source>Cannot save mask</source>
        <translation>Maske kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>That is the input image.</source>
        <translation>Das ist das Eingabebild.</translation>
    </message>
    <message>
        <source>Saved mask %1</source>
        <translation>Maske %1 gespeichert</translation>
    </message>
    <message>
        <source>Nothing to save</source>
        <translation>Nichts zu speichern</translation>
    </message>
    <message>
        <source>Run a restoration first.</source>
        <translation>Führen Sie zuerst eine Restaurierung aus.</translation>
    </message>
    <message>
        <source>Cannot save the result</source>
        <translation>Ergebnis kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Saved %1 (%2-bit)</source>
        <translation>%1 gespeichert (%2 Bit)</translation>
    </message>
    <message>
        <source>Save Result</source>
        <translation>Ergebnis speichern</translation>
    </message>
    <message>
        <source>Overwrite the input?</source>
        <translation>Eingabe überschreiben?</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is the image you opened. Replace it with the result?</source>
        <translation>„%1“ ist das geöffnete Bild. Durch das Ergebnis ersetzen?</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>Export nicht möglich</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>Export Run Settings</source>
        <translation>Laufeinstellungen exportieren</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Save the mask first</source>
        <translation>Zuerst die Maske speichern</translation>
    </message>
    <message>
        <source>The command line reads the mask from a file. Save it now.</source>
        <translation>Die Befehlszeile liest die Maske aus einer Datei. Speichern Sie sie jetzt.</translation>
    </message>
    <message>
        <source>Equivalent command line</source>
        <translation>Entsprechende Befehlszeile</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Nothing to restore</source>
        <translation>Nichts zu restaurieren</translation>
    </message>
    <message>
        <source>Open an image first (File ▸ Open Image).</source>
        <translation>Öffnen Sie zuerst ein Bild (Datei ▸ Bild öffnen).</translation>
    </message>
    <message>
        <source>Cannot run</source>
        <translation>Start nicht möglich</translation>
    </message>
    <message>
        <source>Run in progress</source>
        <translation>Lauf in Arbeit</translation>
    </message>
    <message>
        <source>A restoration is running. Cancel it and start the new one?</source>
        <translation>Eine Restaurierung läuft. Abbrechen und die neue starten?</translation>
    </message>
    <message>
        <source>The mask has no hole yet: paint the region to fill with the brush.</source>
        <translation>Die Maske hat noch kein Loch: Malen Sie den zu füllenden Bereich mit dem Pinsel.</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>wird abgebrochen…</translation>
    </message>
    <message>
        <source>run #%1: loading the model…</source>
        <translation>Lauf #%1: Modell wird geladen…</translation>
    </message>
    <message>
        <source>step %1/%2 · NFE %3 · %4 · ETA %5</source>
        <translation>Schritt %1/%2 · NFE %3 · %4 · Rest %5</translation>
    </message>
    <message>
        <source>done: %1 steps, NFE %2, %3</source>
        <translation>fertig: %1 Schritte, NFE %2, %3</translation>
    </message>
    <message>
        <source> · PSNR %1 dB (initial %2) · SSIM %3</source>
        <translation> · PSNR %1 dB (anfangs %2) · SSIM %3</translation>
    </message>
    <message>
        <source>cancelled after %1 steps</source>
        <translation>nach %1 Schritten abgebrochen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>The run failed</source>
        <translation>Der Lauf ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Nothing to sweep</source>
        <translation>Keine Reihe möglich</translation>
    </message>
    <message>
        <source>Open an image first.</source>
        <translation>Öffnen Sie zuerst ein Bild.</translation>
    </message>
    <message>
        <source>Show x_&amp;t (noisy state)</source>
        <translation>x_&amp;t zeigen (verrauschter Zustand)</translation>
    </message>
    <message>
        <source>Show &amp;x̂0 (clean estimate)</source>
        <translation>&amp;x̂0 zeigen (saubere Schätzung)</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Open &amp;DICOM Folder…</source>
        <translation>&amp;DICOM-Ordner öffnen…</translation>
    </message>
    <message>
        <source>&amp;Design k-space Mask…</source>
        <translation>k-Raum-Maske &amp;entwerfen…</translation>
    </message>
    <message>
        <source>Images, DICOM and k-space (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.dcm *.dicom *.h5 *.hdf5 *.cfl *.hdr *.npy);;DICOM (*.dcm *.dicom *);;k-space (*.h5 *.hdf5 *.cfl *.hdr *.npy);;All files (*)</source>
        <translation>Bilder, DICOM und k-Raum (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.dcm *.dicom *.h5 *.hdf5 *.cfl *.hdr *.npy);;DICOM (*.dcm *.dicom *);;k-Raum (*.h5 *.hdf5 *.cfl *.hdr *.npy);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Images and DICOM (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.dcm *.dicom);;All files (*)</source>
        <translation>Bilder und DICOM (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.dcm *.dicom);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot open &apos;%1&apos;</source>
        <translation>„%1“ kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Opened k-space %1 (%2); fully sampled: showing the root-sum-of-squares image, the designed mask undersamples it</source>
        <translation>k-Raum %1 geöffnet (%2); vollständig abgetastet: angezeigt wird das Wurzel-Summen-Quadrat-Bild, die entworfene Maske unterabtastet es</translation>
    </message>
    <message>
        <source>Opened k-space %1 (%2); showing the zero-filled image</source>
        <translation>k-Raum %1 geöffnet (%2); angezeigt wird das mit Nullen aufgefüllte Bild</translation>
    </message>
    <message>
        <source>Opened DICOM %1 (%2×%3, frame %4 of %5)</source>
        <translation>DICOM %1 geöffnet (%2×%3, Bild %4 von %5)</translation>
    </message>
    <message>
        <source>Open DICOM Folder</source>
        <translation>DICOM-Ordner öffnen</translation>
    </message>
    <message>
        <source>unsupported format &apos;%1&apos; (use .png, .tif, .tiff or .dcm)</source>
        <translation>nicht unterstütztes Format „%1“ (verwenden Sie .png, .tif, .tiff oder .dcm)</translation>
    </message>
    <message>
        <source>Saved %1 (DICOM, derived series)</source>
        <translation>%1 gespeichert (DICOM, abgeleitete Serie)</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>TIFF (*.tif *.tiff)</source>
        <translation>TIFF (*.tif *.tiff)</translation>
    </message>
    <message>
        <source>DICOM (*.dcm)</source>
        <translation>DICOM (*.dcm)</translation>
    </message>
    <message>
        <source>mask file</source>
        <translation>Maskendatei</translation>
    </message>
    <message>
        <source>the data&apos;s mask</source>
        <translation>Maske der Daten</translation>
    </message>
    <message>
        <source>Cannot use the mask</source>
        <translation>Die Maske kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>Nothing to design for</source>
        <translation>Nichts zum Entwerfen</translation>
    </message>
    <message>
        <source>Open an image or k-space first.</source>
        <translation>Öffnen Sie zuerst ein Bild oder k-Raum-Daten.</translation>
    </message>
    <message>
        <source>MRI mask: real acceleration %1×</source>
        <translation>MRT-Maske: tatsächliche Beschleunigung %1×</translation>
    </message>
    <message>
        <source>Slice:</source>
        <translation>Schicht:</translation>
    </message>
    <message>
        <source>The DICOM frame or slice, or the k-space slice, shown and restored</source>
        <translation>Das DICOM-Bild oder die Schicht bzw. die k-Raum-Schicht, die angezeigt und restauriert wird</translation>
    </message>
    <message>
        <source>Reading slice %1…</source>
        <translation>Lese Schicht %1…</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>von %1</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::MaskDesigner</name>
    <message>
        <source>the mask is %1×%2 but the k-space is %3×%4</source>
        <translation>die Maske ist %1×%2, der k-Raum aber %3×%4</translation>
    </message>
    <message>
        <source>the mask samples nothing</source>
        <translation>die Maske tastet nichts ab</translation>
    </message>
    <message>
        <source>k-space Mask Designer</source>
        <translation>k-Raum-Masken-Designer</translation>
    </message>
    <message>
        <source>The mask, centre = low frequencies, white = sampled</source>
        <translation>Die Maske, Mitte = niedrige Frequenzen, weiß = abgetastet</translation>
    </message>
    <message>
        <source>The input&apos;s k-space (log-magnitude, centred) with the sampled points in orange</source>
        <translation>Der k-Raum der Eingabe (logarithmischer Betrag, zentriert) mit den abgetasteten Punkten in Orange</translation>
    </message>
    <message>
        <source>Load mask…</source>
        <translation>Maske laden…</translation>
    </message>
    <message>
        <source>Save mask…</source>
        <translation>Maske speichern…</translation>
    </message>
    <message>
        <source>Pattern:</source>
        <translation>Muster:</translation>
    </message>
    <message>
        <source>Acceleration:</source>
        <translation>Beschleunigung:</translation>
    </message>
    <message>
        <source>Fully sampled centre: lines (1D) or the side of a square (2D)</source>
        <translation>Vollständig abgetastetes Zentrum: Linien (1D) oder Seitenlänge eines Quadrats (2D)</translation>
    </message>
    <message>
        <source>ACS width:</source>
        <translation>ACS-Breite:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Startwert:</translation>
    </message>
    <message>
        <source>Real acceleration:</source>
        <translation>Tatsächliche Beschleunigung:</translation>
    </message>
    <message>
        <source>%1×%2 k-space</source>
        <translation>%1×%2 k-Raum</translation>
    </message>
    <message>
        <source>The data are undersampled: their own mask applies (or load a file)</source>
        <translation>Die Daten sind unterabgetastet: ihre eigene Maske gilt (oder laden Sie eine Datei)</translation>
    </message>
    <message>
        <source> (mask file)</source>
        <translation> (Maskendatei)</translation>
    </message>
    <message>
        <source> (the data&apos;s mask)</source>
        <translation> (Maske der Daten)</translation>
    </message>
    <message>
        <source>Cannot load &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>that is an input file</source>
        <translation>das ist eine Eingabedatei</translation>
    </message>
    <message>
        <source>there is no mask</source>
        <translation>es gibt keine Maske</translation>
    </message>
    <message>
        <source>Cannot save &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Load k-space Mask</source>
        <translation>k-Raum-Maske laden</translation>
    </message>
    <message>
        <source>PNG masks (*.png)</source>
        <translation>PNG-Masken (*.png)</translation>
    </message>
    <message>
        <source>Save k-space Mask</source>
        <translation>k-Raum-Maske speichern</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::MaskLayer</name>
    <message>
        <source>Erase</source>
        <translation>Radieren</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>Pinselstrich</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation>Maske invertieren</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>Maske leeren</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::RestoreWorker</name>
    <message>
        <source>unexpected failure</source>
        <translation>unerwarteter Fehler</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::RunHistory</name>
    <message>
        <source> · PSNR %1 dB · SSIM %2</source>
        <translation> · PSNR %1 dB · SSIM %2</translation>
    </message>
    <message>
        <source>#%1 %2 · %3 · t0 %4%5 · %6 steps · NFE %7 · %8 s</source>
        <translation>#%1 %2 · %3 · t0 %4%5 · %6 Schritte · NFE %7 · %8 s</translation>
    </message>
    <message>
        <source> (auto)</source>
        <translation> (automatisch)</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::SweepDialog</name>
    <message>
        <source>t0 sweep</source>
        <translation>t0-Reihe</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>Reihe starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>t0 from</source>
        <translation>t0 von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>values</source>
        <translation>Werte</translation>
    </message>
    <message>
        <source>t0</source>
        <translation>t0</translation>
    </message>
    <message numerus="yes">
        <source>Sweep finished: %n run(s).</source>
        <translation>
            <numerusform>Reihe fertig: %n Lauf.</numerusform>
            <numerusform>Reihe fertig: %n Läufe.</numerusform>
        </translation>
    </message>
    <message>
        <source>Running t0 = %1 (%2 left)…</source>
        <translation>Läuft: t0 = %1 (%2 übrig)…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>t0 %1</source>
        <translation>t0 %1</translation>
    </message>
    <message>
        <source>Sweep cancelled.</source>
        <translation>Reihe abgebrochen.</translation>
    </message>
    <message>
        <source>PSNR (dB)</source>
        <translation>PSNR (dB)</translation>
    </message>
    <message>
        <source>time (s)</source>
        <translation>Zeit (s)</translation>
    </message>
    <message>
        <source>SSIM</source>
        <translation>SSIM</translation>
    </message>
    <message>
        <source>NFE</source>
        <translation>NFE</translation>
    </message>
    <message>
        <source>Cannot run: %1</source>
        <translation>Start nicht möglich: %1</translation>
    </message>
    <message>
        <source>Cannot run</source>
        <translation>Start nicht möglich</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::TaskPanel</name>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Restore the image (Ctrl+R)</source>
        <translation>Bild restaurieren (Strg+R)</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Super-resolution</source>
        <translation>Superauflösung</translation>
    </message>
    <message>
        <source>Inpainting</source>
        <translation>Inpainting</translation>
    </message>
    <message>
        <source>MRI reconstruction</source>
        <translation>MRT-Rekonstruktion</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>Aufgabe:</translation>
    </message>
    <message>
        <source>Opened image is the ground truth</source>
        <translation>Geöffnetes Bild ist die Ground Truth</translation>
    </message>
    <message>
        <source>Simulate the measurement from the opened image and use it as the reference for PSNR / SSIM</source>
        <translation>Die Messung aus dem geöffneten Bild simulieren und es als Referenz für PSNR / SSIM verwenden</translation>
    </message>
    <message>
        <source>Scale:</source>
        <translation>Faktor:</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Pan and zoom (H)</source>
        <translation>Verschieben und zoomen (H)</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <source>Paint the region to fill (B)</source>
        <translation>Den zu füllenden Bereich malen (B)</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Radierer</translation>
    </message>
    <message>
        <source>Mark pixels as known again (E)</source>
        <translation>Pixel wieder als bekannt markieren (E)</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <source>Drag a rectangle to fill; Shift erases (G)</source>
        <translation>Rechteck zum Füllen ziehen; Umschalt radiert (G)</translation>
    </message>
    <message>
        <source>Brush radius:</source>
        <translation>Pinselradius:</translation>
    </message>
    <message>
        <source>Hardness:</source>
        <translation>Härte:</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>Invertieren</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>Laden…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Gaussian 1D</source>
        <translation>Gauß 1D</translation>
    </message>
    <message>
        <source>Uniform random 1D</source>
        <translation>Gleichverteilt zufällig 1D</translation>
    </message>
    <message>
        <source>Equispaced 1D</source>
        <translation>Äquidistant 1D</translation>
    </message>
    <message>
        <source>Poisson disc 2D</source>
        <translation>Poisson-Disk 2D</translation>
    </message>
    <message>
        <source>Pattern:</source>
        <translation>Muster:</translation>
    </message>
    <message>
        <source>Acceleration:</source>
        <translation>Beschleunigung:</translation>
    </message>
    <message>
        <source>ACS width:</source>
        <translation>ACS-Breite:</translation>
    </message>
    <message>
        <source>Real acceleration:</source>
        <translation>Tatsächliche Beschleunigung:</translation>
    </message>
    <message>
        <source>The k-space mask, centre = low frequencies</source>
        <translation>Die k-Raum-Maske, Mitte = niedrige Frequenzen</translation>
    </message>
    <message>
        <source>Mask:</source>
        <translation>Maske:</translation>
    </message>
    <message>
        <source>Model and sampler</source>
        <translation>Modell und Sampler</translation>
    </message>
    <message>
        <source>Open the user model folder</source>
        <translation>Benutzer-Modellordner öffnen</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>DDPM</source>
        <translation>DDPM</translation>
    </message>
    <message>
        <source>DDIM</source>
        <translation>DDIM</translation>
    </message>
    <message>
        <source>VE predictor-corrector</source>
        <translation>VE-Prädiktor-Korrektor</translation>
    </message>
    <message>
        <source>Sampler:</source>
        <translation>Sampler:</translation>
    </message>
    <message>
        <source>fixed small (β̃)</source>
        <translation>fest klein (β̃)</translation>
    </message>
    <message>
        <source>fixed large (β)</source>
        <translation>fest groß (β)</translation>
    </message>
    <message>
        <source>learned</source>
        <translation>gelernt</translation>
    </message>
    <message>
        <source>Variance:</source>
        <translation>Varianz:</translation>
    </message>
    <message>
        <source>η:</source>
        <translation>η:</translation>
    </message>
    <message>
        <source>Correctors:</source>
        <translation>Korrektoren:</translation>
    </message>
    <message>
        <source>SNR:</source>
        <translation>SNR:</translation>
    </message>
    <message>
        <source>Come-Closer-Diffuse-Faster</source>
        <translation>Come-Closer-Diffuse-Faster</translation>
    </message>
    <message>
        <source>Adjoint (Aᴴy)</source>
        <translation>Adjungiert (Aᴴy)</translation>
    </message>
    <message>
        <source>Bicubic</source>
        <translation>Bikubisch</translation>
    </message>
    <message>
        <source>Noise (full diffusion)</source>
        <translation>Rauschen (volle Diffusion)</translation>
    </message>
    <message>
        <source>Initialiser:</source>
        <translation>Initialisierung:</translation>
    </message>
    <message>
        <source>Start time of the reverse diffusion: smaller is faster and stays closer to the initial estimate</source>
        <translation>Startzeit der Rückwärtsdiffusion: kleiner ist schneller und bleibt näher an der Anfangsschätzung</translation>
    </message>
    <message>
        <source>t0:</source>
        <translation>t0:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>Zufällig</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Startwert:</translation>
    </message>
    <message>
        <source>Data-consistency strength: 1 = hard projection, smaller for noisy measurements</source>
        <translation>Stärke der Datenkonsistenz: 1 = harte Projektion, kleiner für verrauschte Messungen</translation>
    </message>
    <message>
        <source>DC λ:</source>
        <translation>DK λ:</translation>
    </message>
    <message>
        <source>diffused measurement</source>
        <translation>diffundierte Messung</translation>
    </message>
    <message>
        <source>clean measurement</source>
        <translation>saubere Messung</translation>
    </message>
    <message>
        <source>DC against:</source>
        <translation>DK gegen:</translation>
    </message>
    <message>
        <source>This sampler needs a variance-preserving (VP) model</source>
        <translation>Dieser Sampler braucht ein varianzerhaltendes (VP) Modell</translation>
    </message>
    <message>
        <source>This sampler needs a variance-exploding (VE) model</source>
        <translation>Dieser Sampler braucht ein varianzexplodierendes (VE) Modell</translation>
    </message>
    <message numerus="yes">
        <source>, %n channel(s)</source>
        <translation>
            <numerusform>, %n Kanal</numerusform>
            <numerusform>, %n Kanäle</numerusform>
        </translation>
    </message>
    <message>
        <source>No model found. Put models in %1.</source>
        <translation>Kein Modell gefunden. Legen Sie Modelle in %1 ab.</translation>
    </message>
    <message>
        <source>open an image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>NFE: %1 (%2 steps × %3 per step)</source>
        <translation>NFE: %1 (%2 Schritte × %3 pro Schritt)</translation>
    </message>
    <message>
        <source>, about %1</source>
        <translation>, etwa %1</translation>
    </message>
    <message>
        <source>VE predictor-corrector needs a VE model; choose DDPM or DDIM.</source>
        <translation>VE-Prädiktor-Korrektor braucht ein VE-Modell; wählen Sie DDPM oder DDIM.</translation>
    </message>
    <message>
        <source>This VE model needs the VE predictor-corrector sampler.</source>
        <translation>Dieses VE-Modell braucht den VE-Prädiktor-Korrektor.</translation>
    </message>
    <message>
        <source>Cancel and &amp;run again</source>
        <translation>Abbrechen und neu &amp;starten</translation>
    </message>
    <message>
        <source>The opened file is k-space: only MRI reconstruction applies</source>
        <translation>Die geöffnete Datei ist k-Raum: nur MRT-Rekonstruktion ist möglich</translation>
    </message>
    <message>
        <source>Variable density 2D</source>
        <translation>Variable Dichte 2D</translation>
    </message>
    <message>
        <source>Seed of the random mask (independent of the run&apos;s seed)</source>
        <translation>Startwert der Zufallsmaske (unabhängig vom Startwert des Laufs)</translation>
    </message>
    <message>
        <source>Mask seed:</source>
        <translation>Masken-Startwert:</translation>
    </message>
    <message>
        <source>Design…</source>
        <translation>Entwerfen…</translation>
    </message>
    <message>
        <source>Design, load or save the k-space mask over the input&apos;s k-space</source>
        <translation>Die k-Raum-Maske über dem k-Raum der Eingabe entwerfen, laden oder speichern</translation>
    </message>
    <message>
        <source>Zero-filled (MRI)</source>
        <translation>Mit Nullen aufgefüllt (MRT)</translation>
    </message>
    <message>
        <source>Lanczos</source>
        <translation>Lanczos</translation>
    </message>
    <message>
        <source>ESRGAN slim (network, RGB)</source>
        <translation>ESRGAN schlank (Netz, RGB)</translation>
    </message>
    <message>
        <source>ESRGAN medium (network, RGB)</source>
        <translation>ESRGAN mittel (Netz, RGB)</translation>
    </message>
    <message>
        <source>ESRGAN thick (network, RGB)</source>
        <translation>ESRGAN dick (Netz, RGB)</translation>
    </message>
    <message>
        <source>MRI U-Net (network)</source>
        <translation>MRT-U-Net (Netz)</translation>
    </message>
    <message>
        <source>Telea (OpenCV inpainting)</source>
        <translation>Telea (OpenCV-Inpainting)</translation>
    </message>
    <message>
        <source>Navier–Stokes (OpenCV inpainting)</source>
        <translation>Navier–Stokes (OpenCV-Inpainting)</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Auto</translation>
    </message>
    <message>
        <source>Choose t0 when the run starts, from the estimated error of the initial estimate (the log says which t0 and why)</source>
        <translation>t0 beim Start des Laufs aus dem geschätzten Fehler der Anfangsschätzung wählen (das Protokoll nennt t0 und den Grund)</translation>
    </message>
    <message>
        <source>This initialiser does not apply to this task</source>
        <translation>Diese Initialisierung passt nicht zu dieser Aufgabe</translation>
    </message>
    <message>
        <source>%1× (%2)</source>
        <translation>%1× (%2)</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::TrajectoryStrip</name>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Interactive image restoration with diffusion models (CCDF).</source>
        <translation>Interaktive Bildrestaurierung mit Diffusionsmodellen (CCDF).</translation>
    </message>
    <message>
        <source>Image to open.</source>
        <translation>Zu öffnendes Bild.</translation>
    </message>
    <message>
        <source>Model to select.</source>
        <translation>Auszuwählendes Modell.</translation>
    </message>
    <message>
        <source>Ground truth for PSNR / SSIM.</source>
        <translation>Ground Truth für PSNR / SSIM.</translation>
    </message>
    <message>
        <source>Inpainting mask (PNG).</source>
        <translation>Inpainting-Maske (PNG).</translation>
    </message>
    <message>
        <source>Task: sr, inpaint or mri.</source>
        <translation>Aufgabe: sr, inpaint oder mri.</translation>
    </message>
    <message>
        <source>Start time t0 in (0, 1].</source>
        <translation>Startzeit t0 in (0, 1].</translation>
    </message>
    <message>
        <source>Reverse steps.</source>
        <translation>Rückwärtsschritte.</translation>
    </message>
    <message>
        <source>Start the run at once.</source>
        <translation>Den Lauf sofort starten.</translation>
    </message>
    <message>
        <source>Save the window to this PNG mid-run, then quit.</source>
        <translation>Das Fenster während des Laufs als dieses PNG speichern, dann beenden.</translation>
    </message>
    <message>
        <source>Streamed frames to wait for before the screenshot.</source>
        <translation>Anzahl gestreamter Bilder vor dem Bildschirmfoto.</translation>
    </message>
</context>
</TS>
