<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>QObject</name>
    <message>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1밀리초</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
</context>
<context>
    <name>RunSettings</name>
    <message>
        <source>Choose a model.</source>
        <translation>모델을 선택하세요.</translation>
    </message>
    <message>
        <source>t0 must lie in (0, 1].</source>
        <translation>t0은 (0, 1] 범위여야 합니다.</translation>
    </message>
    <message>
        <source>At least one reverse step is needed.</source>
        <translation>역방향 단계가 최소 하나 필요합니다.</translation>
    </message>
    <message>
        <source>The data-consistency strength must lie in (0, 1].</source>
        <translation>데이터 일관성 강도는 (0, 1] 범위여야 합니다.</translation>
    </message>
    <message>
        <source>The scale must be at least 1.</source>
        <translation>배율은 1 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>The acceleration must be at least 1.</source>
        <translation>가속 계수는 1 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>The initialiser &apos;%1&apos; does not apply to this task.</source>
        <translation>초기화 &apos;%1&apos;은(는) 이 작업에 적용되지 않습니다.</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::Autosave</name>
    <message>
        <source>Saved: %1</source>
        <translation>저장 시각: %1</translation>
    </message>
    <message>
        <source>Input: %1</source>
        <translation>입력: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Painted mask: %1 pixels to fill</source>
        <translation>그린 마스크: 채울 픽셀 %1개</translation>
    </message>
    <message>
        <source>Runs in the history: %1</source>
        <translation>실행 기록의 항목: %1</translation>
    </message>
    <message>
        <source>Restore the previous session?</source>
        <translation>이전 세션을 복원할까요?</translation>
    </message>
    <message>
        <source>CCDF Studio did not close normally last time. Its autosave can be restored.</source>
        <translation>CCDF Studio가 지난번에 정상적으로 종료되지 않았습니다. 자동 저장된 내용을 복원할 수 있습니다.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>복원</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>폐기</translation>
    </message>
    <message>
        <source>the input %1 (%2)</source>
        <translation>입력 %1 (%2)</translation>
    </message>
    <message>
        <source>the input %1 (the file is gone)</source>
        <translation>입력 %1 (파일이 없습니다)</translation>
    </message>
    <message>
        <source>the MRI mask %1 (the file is gone)</source>
        <translation>MRI 마스크 %1 (파일이 없습니다)</translation>
    </message>
    <message>
        <source>the reference %1 (the file is gone)</source>
        <translation>참조 %1 (파일이 없습니다)</translation>
    </message>
    <message>
        <source>the model %1 (not installed)</source>
        <translation>모델 %1 (설치되지 않음)</translation>
    </message>
    <message>
        <source>the painted mask (its input is not open)</source>
        <translation>그린 마스크 (해당 입력이 열려 있지 않음)</translation>
    </message>
    <message>
        <source>Restored the previous session (run history: %1)</source>
        <translation>이전 세션을 복원했습니다 (실행 기록: %1)</translation>
    </message>
    <message>
        <source>Session partly restored</source>
        <translation>세션이 일부만 복원되었습니다</translation>
    </message>
    <message>
        <source>Could not restore: %1</source>
        <translation>복원하지 못한 항목: %1</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::ImageCanvas</name>
    <message>
        <source>x %1  y %2  value %3</source>
        <translation>x %1  y %2  값 %3</translation>
    </message>
    <message>
        <source>  (known)</source>
        <translation>  (알려진 픽셀)</translation>
    </message>
    <message>
        <source>  (to fill)</source>
        <translation>  (채울 영역)</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::LogDock</name>
    <message>
        <source>Log</source>
        <translation>로그</translation>
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
        <translation>입력</translation>
    </message>
    <message>
        <source>Initial estimate</source>
        <translation>초기 추정</translation>
    </message>
    <message>
        <source>Left:</source>
        <translation>왼쪽:</translation>
    </message>
    <message>
        <source>Right: result</source>
        <translation>오른쪽: 결과</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>이미지 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Reference…</source>
        <translation>참조 열기(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Save Result…</source>
        <translation>결과 저장(&amp;S)…</translation>
    </message>
    <message>
        <source>Export Run Settings (&amp;JSON)…</source>
        <translation>실행 설정 내보내기(&amp;JSON)…</translation>
    </message>
    <message>
        <source>Export &amp;Command Line…</source>
        <translation>명령줄 내보내기(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Load Mask…</source>
        <translation>마스크 불러오기(&amp;L)…</translation>
    </message>
    <message>
        <source>Save &amp;Mask…</source>
        <translation>마스크 저장(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Invert Mask</source>
        <translation>마스크 반전(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Clear Mask</source>
        <translation>마스크 지우기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <source>t0 &amp;Sweep…</source>
        <translation>t0 스윕(&amp;S)…</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>확대(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>축소(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>창에 맞추기(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation>실제 크기(1:1)(&amp;A)</translation>
    </message>
    <message>
        <source>Reset &amp;Window/Level</source>
        <translation>윈도우/레벨 초기화(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Compare Before/After</source>
        <translation>전/후 비교(&amp;C)</translation>
    </message>
    <message>
        <source>Toggle x_t / x̂0</source>
        <translation>x_t / x̂0 전환</translation>
    </message>
    <message>
        <source>Show &amp;Input</source>
        <translation>입력 보기(&amp;I)</translation>
    </message>
    <message>
        <source>Show R&amp;esult</source>
        <translation>결과 보기(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Pan</source>
        <translation>이동(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation>브러시(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation>지우개(&amp;E)</translation>
    </message>
    <message>
        <source>Rec&amp;tangle</source>
        <translation>사각형(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;About CCDF Studio</source>
        <translation>CCDF Studio 정보(&amp;A)</translation>
    </message>
    <message>
        <source>Smaller Brush</source>
        <translation>브러시 작게</translation>
    </message>
    <message>
        <source>Larger Brush</source>
        <translation>브러시 크게</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 파일(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <source>The language changes when CCDF Studio starts again.</source>
        <translation>언어는 CCDF Studio를 다시 시작하면 바뀝니다.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>기본</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Trajectory</source>
        <translation>궤적</translation>
    </message>
    <message>
        <source>Run history</source>
        <translation>실행 기록</translation>
    </message>
    <message>
        <source>Trajectory frame %1</source>
        <translation>궤적 프레임 %1</translation>
    </message>
    <message>
        <source>About CCDF Studio</source>
        <translation>CCDF Studio 정보</translation>
    </message>
    <message>
        <source>&lt;h3&gt;CCDF Studio %1&lt;/h3&gt;&lt;p&gt;Interactive image restoration with diffusion models: Come-Closer-Diffuse-Faster (Chung, Sim, Ye, CVPR 2022).&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;br&gt;%4&lt;/p&gt;</source>
        <translation>&lt;h3&gt;CCDF Studio %1&lt;/h3&gt;&lt;p&gt;확산 모델을 이용한 대화형 영상 복원: Come-Closer-Diffuse-Faster (Chung, Sim, Ye, CVPR 2022).&lt;/p&gt;&lt;p&gt;Qt %2 (%3으로 빌드됨)&lt;br&gt;%4&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — CCDF Studio</source>
        <translation>%1 — CCDF Studio</translation>
    </message>
    <message>
        <source>Opened %1 (%2×%3, %4 channel(s), %5-bit)</source>
        <translation>%1 열림 (%2×%3, 채널 %4개, %5비트)</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>이미지 열기</translation>
    </message>
    <message>
        <source>PSNR %1 dB (initial %2) · SSIM %3</source>
        <translation>PSNR %1 dB (초기 %2) · SSIM %3</translation>
    </message>
    <message>
        <source>Cannot compare with the reference</source>
        <translation>참조와 비교할 수 없습니다</translation>
    </message>
    <message>
        <source>Open Reference (Ground Truth)</source>
        <translation>참조 열기 (정답 영상)</translation>
    </message>
    <message>
        <source>Cannot load mask</source>
        <translation>마스크를 불러올 수 없습니다</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a readable image.</source>
        <translation>&apos;%1&apos;은(는) 읽을 수 있는 이미지가 아닙니다.</translation>
    </message>
    <message>
        <source>Load mask</source>
        <translation>마스크 불러오기</translation>
    </message>
    <message>
        <source>The mask is %1×%2 but the image is %3×%4.</source>
        <translation>마스크는 %1×%2이지만 이미지는 %3×%4입니다.</translation>
    </message>
    <message>
        <source>Load Mask</source>
        <translation>마스크 불러오기</translation>
    </message>
    <message>
        <source>PNG masks (*.png)</source>
        <translation>PNG 마스크 (*.png)</translation>
    </message>
    <message>
        <source>Save Mask</source>
        <translation>마스크 저장</translation>
    </message>
    <message>
        <source>Cannot save mask</source>
        <translation>마스크를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>That is the input image.</source>
        <translation>입력 이미지입니다.</translation>
    </message>
    <message>
        <source>Saved mask %1</source>
        <translation>마스크 %1 저장됨</translation>
    </message>
    <message>
        <source>Nothing to save</source>
        <translation>저장할 것이 없습니다</translation>
    </message>
    <message>
        <source>Run a restoration first.</source>
        <translation>먼저 복원을 실행하세요.</translation>
    </message>
    <message>
        <source>Cannot save the result</source>
        <translation>결과를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Saved %1 (%2-bit)</source>
        <translation>%1 저장됨 (%2비트)</translation>
    </message>
    <message>
        <source>Save Result</source>
        <translation>결과 저장</translation>
    </message>
    <message>
        <source>Overwrite the input?</source>
        <translation>입력을 덮어쓸까요?</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is the image you opened. Replace it with the result?</source>
        <translation>&apos;%1&apos;은(는) 연 이미지입니다. 결과로 바꿀까요?</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 내보냄</translation>
    </message>
    <message>
        <source>Export Run Settings</source>
        <translation>실행 설정 내보내기</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Save the mask first</source>
        <translation>먼저 마스크를 저장하세요</translation>
    </message>
    <message>
        <source>The command line reads the mask from a file. Save it now.</source>
        <translation>명령줄은 파일에서 마스크를 읽습니다. 지금 저장하세요.</translation>
    </message>
    <message>
        <source>Equivalent command line</source>
        <translation>동일한 명령줄</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Nothing to restore</source>
        <translation>복원할 것이 없습니다</translation>
    </message>
    <message>
        <source>Open an image first (File ▸ Open Image).</source>
        <translation>먼저 이미지를 여세요 (파일 ▸ 이미지 열기).</translation>
    </message>
    <message>
        <source>Cannot run</source>
        <translation>실행할 수 없습니다</translation>
    </message>
    <message>
        <source>Run in progress</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>A restoration is running. Cancel it and start the new one?</source>
        <translation>복원이 실행 중입니다. 취소하고 새로 시작할까요?</translation>
    </message>
    <message>
        <source>The mask has no hole yet: paint the region to fill with the brush.</source>
        <translation>마스크에 아직 구멍이 없습니다: 채울 영역을 브러시로 칠하세요.</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <source>run #%1: loading the model…</source>
        <translation>실행 #%1: 모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>step %1/%2 · NFE %3 · %4 · ETA %5</source>
        <translation>단계 %1/%2 · NFE %3 · %4 · 남은 시간 %5</translation>
    </message>
    <message>
        <source>done: %1 steps, NFE %2, %3</source>
        <translation>완료: %1단계, NFE %2, %3</translation>
    </message>
    <message>
        <source> · PSNR %1 dB (initial %2) · SSIM %3</source>
        <translation> · PSNR %1 dB (초기 %2) · SSIM %3</translation>
    </message>
    <message>
        <source>cancelled after %1 steps</source>
        <translation>%1단계 후 취소됨</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>The run failed</source>
        <translation>실행에 실패했습니다</translation>
    </message>
    <message>
        <source>Nothing to sweep</source>
        <translation>스윕할 것이 없습니다</translation>
    </message>
    <message>
        <source>Open an image first.</source>
        <translation>먼저 이미지를 여세요.</translation>
    </message>
    <message>
        <source>Show x_&amp;t (noisy state)</source>
        <translation>x_t 보기(잡음 상태)(&amp;T)</translation>
    </message>
    <message>
        <source>Show &amp;x̂0 (clean estimate)</source>
        <translation>x̂0 보기(깨끗한 추정)(&amp;X)</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 여는 중…</translation>
    </message>
    <message>
        <source>Open &amp;DICOM Folder…</source>
        <translation>DICOM 폴더 열기(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Design k-space Mask…</source>
        <translation>k-공간 마스크 설계(&amp;D)…</translation>
    </message>
    <message>
        <source>Images, DICOM and k-space (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.dcm *.dicom *.h5 *.hdf5 *.cfl *.hdr *.npy);;DICOM (*.dcm *.dicom *);;k-space (*.h5 *.hdf5 *.cfl *.hdr *.npy);;All files (*)</source>
        <translation>이미지, DICOM 및 k-공간 (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.dcm *.dicom *.h5 *.hdf5 *.cfl *.hdr *.npy);;DICOM (*.dcm *.dicom *);;k-공간 (*.h5 *.hdf5 *.cfl *.hdr *.npy);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Images and DICOM (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.dcm *.dicom);;All files (*)</source>
        <translation>이미지 및 DICOM (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.dcm *.dicom);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Cannot open &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 열 수 없습니다</translation>
    </message>
    <message>
        <source>Opened k-space %1 (%2); fully sampled: showing the root-sum-of-squares image, the designed mask undersamples it</source>
        <translation>k-공간 %1 열림 (%2); 완전 샘플링: 제곱합 제곱근 영상을 표시하며, 설계한 마스크로 언더샘플링합니다</translation>
    </message>
    <message>
        <source>Opened k-space %1 (%2); showing the zero-filled image</source>
        <translation>k-공간 %1 열림 (%2); 영 채움 영상을 표시합니다</translation>
    </message>
    <message>
        <source>Opened DICOM %1 (%2×%3, frame %4 of %5)</source>
        <translation>DICOM %1 열림 (%2×%3, 프레임 %4/%5)</translation>
    </message>
    <message>
        <source>Open DICOM Folder</source>
        <translation>DICOM 폴더 열기</translation>
    </message>
    <message>
        <source>unsupported format &apos;%1&apos; (use .png, .tif, .tiff or .dcm)</source>
        <translation>지원하지 않는 형식 &apos;%1&apos; (.png, .tif, .tiff 또는 .dcm을 사용하세요)</translation>
    </message>
    <message>
        <source>Saved %1 (DICOM, derived series)</source>
        <translation>%1 저장됨 (DICOM, 파생 시리즈)</translation>
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
        <translation>마스크 파일</translation>
    </message>
    <message>
        <source>the data&apos;s mask</source>
        <translation>데이터의 마스크</translation>
    </message>
    <message>
        <source>Cannot use the mask</source>
        <translation>마스크를 사용할 수 없습니다</translation>
    </message>
    <message>
        <source>Nothing to design for</source>
        <translation>설계할 대상이 없습니다</translation>
    </message>
    <message>
        <source>Open an image or k-space first.</source>
        <translation>먼저 이미지나 k-공간을 여세요.</translation>
    </message>
    <message>
        <source>MRI mask: real acceleration %1×</source>
        <translation>MRI 마스크: 실제 가속 계수 %1×</translation>
    </message>
    <message>
        <source>Slice:</source>
        <translation>슬라이스:</translation>
    </message>
    <message>
        <source>The DICOM frame or slice, or the k-space slice, shown and restored</source>
        <translation>표시되고 복원되는 DICOM 프레임 또는 슬라이스, 또는 k-공간 슬라이스</translation>
    </message>
    <message>
        <source>Reading slice %1…</source>
        <translation>슬라이스 %1 읽는 중…</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>/ %1</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::MaskDesigner</name>
    <message>
        <source>the mask is %1×%2 but the k-space is %3×%4</source>
        <translation>마스크는 %1×%2인데 k-공간은 %3×%4입니다</translation>
    </message>
    <message>
        <source>the mask samples nothing</source>
        <translation>마스크가 아무것도 샘플링하지 않습니다</translation>
    </message>
    <message>
        <source>k-space Mask Designer</source>
        <translation>k-공간 마스크 설계기</translation>
    </message>
    <message>
        <source>The mask, centre = low frequencies, white = sampled</source>
        <translation>마스크, 중앙 = 저주파, 흰색 = 샘플링됨</translation>
    </message>
    <message>
        <source>The input&apos;s k-space (log-magnitude, centred) with the sampled points in orange</source>
        <translation>입력의 k-공간 (로그 크기, 중앙 정렬), 샘플링된 점은 주황색</translation>
    </message>
    <message>
        <source>Load mask…</source>
        <translation>마스크 불러오기…</translation>
    </message>
    <message>
        <source>Save mask…</source>
        <translation>마스크 저장…</translation>
    </message>
    <message>
        <source>Pattern:</source>
        <translation>패턴:</translation>
    </message>
    <message>
        <source>Acceleration:</source>
        <translation>가속 계수:</translation>
    </message>
    <message>
        <source>Fully sampled centre: lines (1D) or the side of a square (2D)</source>
        <translation>완전 샘플링된 중앙: 라인 수 (1D) 또는 정사각형의 한 변 (2D)</translation>
    </message>
    <message>
        <source>ACS width:</source>
        <translation>ACS 폭:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>시드:</translation>
    </message>
    <message>
        <source>Real acceleration:</source>
        <translation>실제 가속 계수:</translation>
    </message>
    <message>
        <source>%1×%2 k-space</source>
        <translation>%1×%2 k-공간</translation>
    </message>
    <message>
        <source>The data are undersampled: their own mask applies (or load a file)</source>
        <translation>데이터가 언더샘플링되어 있습니다: 데이터 자체의 마스크가 적용됩니다 (또는 파일을 불러오세요)</translation>
    </message>
    <message>
        <source> (mask file)</source>
        <translation> (마스크 파일)</translation>
    </message>
    <message>
        <source> (the data&apos;s mask)</source>
        <translation> (데이터의 마스크)</translation>
    </message>
    <message>
        <source>Cannot load &apos;%1&apos;: %2</source>
        <translation>&apos;%1&apos;을(를) 불러올 수 없습니다: %2</translation>
    </message>
    <message>
        <source>that is an input file</source>
        <translation>입력 파일입니다</translation>
    </message>
    <message>
        <source>there is no mask</source>
        <translation>마스크가 없습니다</translation>
    </message>
    <message>
        <source>Cannot save &apos;%1&apos;: %2</source>
        <translation>&apos;%1&apos;을(를) 저장할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 저장됨</translation>
    </message>
    <message>
        <source>Load k-space Mask</source>
        <translation>k-공간 마스크 불러오기</translation>
    </message>
    <message>
        <source>PNG masks (*.png)</source>
        <translation>PNG 마스크 (*.png)</translation>
    </message>
    <message>
        <source>Save k-space Mask</source>
        <translation>k-공간 마스크 저장</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::MaskLayer</name>
    <message>
        <source>Erase</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>브러시 획</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>사각형</translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation>마스크 반전</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>마스크 지우기</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::RestoreWorker</name>
    <message>
        <source>unexpected failure</source>
        <translation>예기치 않은 오류</translation>
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
        <translation>#%1 %2 · %3 · t0 %4%5 · %6단계 · NFE %7 · %8초</translation>
    </message>
    <message>
        <source> (auto)</source>
        <translation> (자동)</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::SweepDialog</name>
    <message>
        <source>t0 sweep</source>
        <translation>t0 스윕</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>스윕 실행</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>t0 from</source>
        <translation>t0 시작</translation>
    </message>
    <message>
        <source>to</source>
        <translation>끝</translation>
    </message>
    <message>
        <source>values</source>
        <translation>개수</translation>
    </message>
    <message>
        <source>t0</source>
        <translation>t0</translation>
    </message>
    <message numerus="yes">
        <source>Sweep finished: %n run(s).</source>
        <translation>
            <numerusform>스윕 완료: %n회 실행.</numerusform>
        </translation>
    </message>
    <message>
        <source>Running t0 = %1 (%2 left)…</source>
        <translation>t0 = %1 실행 중 (%2개 남음)…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <source>t0 %1</source>
        <translation>t0 %1</translation>
    </message>
    <message>
        <source>Sweep cancelled.</source>
        <translation>스윕이 취소되었습니다.</translation>
    </message>
    <message>
        <source>PSNR (dB)</source>
        <translation>PSNR (dB)</translation>
    </message>
    <message>
        <source>time (s)</source>
        <translation>시간 (초)</translation>
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
        <translation>실행할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Cannot run</source>
        <translation>실행할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>ccdf::gui::TaskPanel</name>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>Restore the image (Ctrl+R)</source>
        <translation>이미지 복원 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Super-resolution</source>
        <translation>초해상도</translation>
    </message>
    <message>
        <source>Inpainting</source>
        <translation>인페인팅</translation>
    </message>
    <message>
        <source>MRI reconstruction</source>
        <translation>MRI 재구성</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>작업:</translation>
    </message>
    <message>
        <source>Opened image is the ground truth</source>
        <translation>열린 이미지가 정답 영상임</translation>
    </message>
    <message>
        <source>Simulate the measurement from the opened image and use it as the reference for PSNR / SSIM</source>
        <translation>열린 이미지로부터 측정을 시뮬레이션하고 PSNR / SSIM의 참조로 사용</translation>
    </message>
    <message>
        <source>Scale:</source>
        <translation>배율:</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>이동</translation>
    </message>
    <message>
        <source>Pan and zoom (H)</source>
        <translation>이동 및 확대/축소 (H)</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>브러시</translation>
    </message>
    <message>
        <source>Paint the region to fill (B)</source>
        <translation>채울 영역 칠하기 (B)</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>지우개</translation>
    </message>
    <message>
        <source>Mark pixels as known again (E)</source>
        <translation>픽셀을 다시 알려진 것으로 표시 (E)</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>사각형</translation>
    </message>
    <message>
        <source>Drag a rectangle to fill; Shift erases (G)</source>
        <translation>채울 사각형을 드래그; Shift는 지우기 (G)</translation>
    </message>
    <message>
        <source>Brush radius:</source>
        <translation>브러시 반지름:</translation>
    </message>
    <message>
        <source>Hardness:</source>
        <translation>경도:</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>반전</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>불러오기…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>저장…</translation>
    </message>
    <message>
        <source>Gaussian 1D</source>
        <translation>가우시안 1D</translation>
    </message>
    <message>
        <source>Uniform random 1D</source>
        <translation>균등 무작위 1D</translation>
    </message>
    <message>
        <source>Equispaced 1D</source>
        <translation>등간격 1D</translation>
    </message>
    <message>
        <source>Poisson disc 2D</source>
        <translation>푸아송 디스크 2D</translation>
    </message>
    <message>
        <source>Pattern:</source>
        <translation>패턴:</translation>
    </message>
    <message>
        <source>Acceleration:</source>
        <translation>가속 계수:</translation>
    </message>
    <message>
        <source>ACS width:</source>
        <translation>ACS 폭:</translation>
    </message>
    <message>
        <source>Real acceleration:</source>
        <translation>실제 가속 계수:</translation>
    </message>
    <message>
        <source>The k-space mask, centre = low frequencies</source>
        <translation>k-공간 마스크, 중앙 = 저주파</translation>
    </message>
    <message>
        <source>Mask:</source>
        <translation>마스크:</translation>
    </message>
    <message>
        <source>Model and sampler</source>
        <translation>모델과 샘플러</translation>
    </message>
    <message>
        <source>Open the user model folder</source>
        <translation>사용자 모델 폴더 열기</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>모델:</translation>
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
        <translation>VE 예측-보정</translation>
    </message>
    <message>
        <source>Sampler:</source>
        <translation>샘플러:</translation>
    </message>
    <message>
        <source>fixed small (β̃)</source>
        <translation>고정 작음 (β̃)</translation>
    </message>
    <message>
        <source>fixed large (β)</source>
        <translation>고정 큼 (β)</translation>
    </message>
    <message>
        <source>learned</source>
        <translation>학습됨</translation>
    </message>
    <message>
        <source>Variance:</source>
        <translation>분산:</translation>
    </message>
    <message>
        <source>η:</source>
        <translation>η:</translation>
    </message>
    <message>
        <source>Correctors:</source>
        <translation>보정 단계:</translation>
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
        <translation>수반 (Aᴴy)</translation>
    </message>
    <message>
        <source>Bicubic</source>
        <translation>바이큐빅</translation>
    </message>
    <message>
        <source>Noise (full diffusion)</source>
        <translation>잡음 (전체 확산)</translation>
    </message>
    <message>
        <source>Initialiser:</source>
        <translation>초기화:</translation>
    </message>
    <message>
        <source>Start time of the reverse diffusion: smaller is faster and stays closer to the initial estimate</source>
        <translation>역확산의 시작 시간: 작을수록 빠르고 초기 추정에 더 가깝게 유지됩니다</translation>
    </message>
    <message>
        <source>t0:</source>
        <translation>t0:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>단계:</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>시드:</translation>
    </message>
    <message>
        <source>Data-consistency strength: 1 = hard projection, smaller for noisy measurements</source>
        <translation>데이터 일관성 강도: 1 = 하드 투영, 잡음 있는 측정에는 더 작게</translation>
    </message>
    <message>
        <source>DC λ:</source>
        <translation>DC λ:</translation>
    </message>
    <message>
        <source>diffused measurement</source>
        <translation>확산된 측정</translation>
    </message>
    <message>
        <source>clean measurement</source>
        <translation>깨끗한 측정</translation>
    </message>
    <message>
        <source>DC against:</source>
        <translation>DC 기준:</translation>
    </message>
    <message>
        <source>This sampler needs a variance-preserving (VP) model</source>
        <translation>이 샘플러는 분산 보존(VP) 모델이 필요합니다</translation>
    </message>
    <message>
        <source>This sampler needs a variance-exploding (VE) model</source>
        <translation>이 샘플러는 분산 폭발(VE) 모델이 필요합니다</translation>
    </message>
    <message numerus="yes">
        <source>, %n channel(s)</source>
        <translation>
            <numerusform>, 채널 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>No model found. Put models in %1.</source>
        <translation>모델을 찾을 수 없습니다. %1에 모델을 넣으세요.</translation>
    </message>
    <message>
        <source>open an image</source>
        <translation>이미지를 여세요</translation>
    </message>
    <message>
        <source>NFE: %1 (%2 steps × %3 per step)</source>
        <translation>NFE: %1 (%2단계 × 단계당 %3)</translation>
    </message>
    <message>
        <source>, about %1</source>
        <translation>, 약 %1</translation>
    </message>
    <message>
        <source>VE predictor-corrector needs a VE model; choose DDPM or DDIM.</source>
        <translation>VE 예측-보정은 VE 모델이 필요합니다. DDPM 또는 DDIM을 선택하세요.</translation>
    </message>
    <message>
        <source>This VE model needs the VE predictor-corrector sampler.</source>
        <translation>이 VE 모델은 VE 예측-보정 샘플러가 필요합니다.</translation>
    </message>
    <message>
        <source>Cancel and &amp;run again</source>
        <translation>취소 후 다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>The opened file is k-space: only MRI reconstruction applies</source>
        <translation>열린 파일은 k-공간입니다: MRI 재구성만 적용됩니다</translation>
    </message>
    <message>
        <source>Variable density 2D</source>
        <translation>가변 밀도 2D</translation>
    </message>
    <message>
        <source>Seed of the random mask (independent of the run&apos;s seed)</source>
        <translation>무작위 마스크의 시드 (실행 시드와 별개)</translation>
    </message>
    <message>
        <source>Mask seed:</source>
        <translation>마스크 시드:</translation>
    </message>
    <message>
        <source>Design…</source>
        <translation>설계…</translation>
    </message>
    <message>
        <source>Design, load or save the k-space mask over the input&apos;s k-space</source>
        <translation>입력의 k-공간 위에서 k-공간 마스크를 설계, 불러오기 또는 저장</translation>
    </message>
    <message>
        <source>Zero-filled (MRI)</source>
        <translation>영 채움 (MRI)</translation>
    </message>
    <message>
        <source>Lanczos</source>
        <translation>Lanczos</translation>
    </message>
    <message>
        <source>ESRGAN slim (network, RGB)</source>
        <translation>ESRGAN slim (신경망, RGB)</translation>
    </message>
    <message>
        <source>ESRGAN medium (network, RGB)</source>
        <translation>ESRGAN medium (신경망, RGB)</translation>
    </message>
    <message>
        <source>ESRGAN thick (network, RGB)</source>
        <translation>ESRGAN thick (신경망, RGB)</translation>
    </message>
    <message>
        <source>MRI U-Net (network)</source>
        <translation>MRI U-Net (신경망)</translation>
    </message>
    <message>
        <source>Telea (OpenCV inpainting)</source>
        <translation>Telea (OpenCV 인페인팅)</translation>
    </message>
    <message>
        <source>Navier–Stokes (OpenCV inpainting)</source>
        <translation>Navier–Stokes (OpenCV 인페인팅)</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Choose t0 when the run starts, from the estimated error of the initial estimate (the log says which t0 and why)</source>
        <translation>실행을 시작할 때 초기 추정의 추정 오차로부터 t0을 선택합니다 (로그에 선택한 t0과 이유가 표시됩니다)</translation>
    </message>
    <message>
        <source>This initialiser does not apply to this task</source>
        <translation>이 초기화는 이 작업에 적용되지 않습니다</translation>
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
        <translation>확산 모델을 이용한 대화형 영상 복원 (CCDF).</translation>
    </message>
    <message>
        <source>Image to open.</source>
        <translation>열 이미지.</translation>
    </message>
    <message>
        <source>Model to select.</source>
        <translation>선택할 모델.</translation>
    </message>
    <message>
        <source>Ground truth for PSNR / SSIM.</source>
        <translation>PSNR / SSIM용 정답 영상.</translation>
    </message>
    <message>
        <source>Inpainting mask (PNG).</source>
        <translation>인페인팅 마스크 (PNG).</translation>
    </message>
    <message>
        <source>Task: sr, inpaint or mri.</source>
        <translation>작업: sr, inpaint 또는 mri.</translation>
    </message>
    <message>
        <source>Start time t0 in (0, 1].</source>
        <translation>시작 시간 t0, (0, 1] 범위.</translation>
    </message>
    <message>
        <source>Reverse steps.</source>
        <translation>역방향 단계 수.</translation>
    </message>
    <message>
        <source>Start the run at once.</source>
        <translation>즉시 실행을 시작합니다.</translation>
    </message>
    <message>
        <source>Save the window to this PNG mid-run, then quit.</source>
        <translation>실행 중에 창을 이 PNG로 저장한 뒤 종료합니다.</translation>
    </message>
    <message>
        <source>Streamed frames to wait for before the screenshot.</source>
        <translation>스크린샷 전에 기다릴 스트리밍 프레임 수.</translation>
    </message>
</context>
</TS>
