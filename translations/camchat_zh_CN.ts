<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AskCommand</name>
    <message>
        <source>Asks a vision-language model about an image and prints the answer.</source>
        <translation>向视觉语言模型询问一张图片并输出回答。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>The question (default: &quot;%1&quot;).</source>
        <translation>问题（默认：“%1”）。</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>A profile id from &apos;camchat models&apos;, or the path of a profile JSON file.</source>
        <translation>“camchat models”中的配置 ID，或配置 JSON 文件的路径。</translation>
    </message>
    <message>
        <source>PROFILE</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>A llama.cpp language model (use with --mmproj).</source>
        <translation>llama.cpp 语言模型（与 --mmproj 一起使用）。</translation>
    </message>
    <message>
        <source>GGUF</source>
        <translation>GGUF</translation>
    </message>
    <message>
        <source>The llama.cpp vision projector that goes with --model-file.</source>
        <translation>与 --model-file 配套的 llama.cpp 视觉投影器。</translation>
    </message>
    <message>
        <source>Stop after N answer tokens (default: the profile&apos;s).</source>
        <translation>生成 N 个回答词元后停止（默认：配置中的值）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>CPU threads for the model (default: chosen for this machine).</source>
        <translation>模型使用的 CPU 线程数（默认：根据本机自动选择）。</translation>
    </message>
    <message>
        <source>Sampling temperature 0..2; 0 always picks the likeliest token (default: the profile&apos;s).</source>
        <translation>采样温度 0..2；0 表示总是选择最可能的词元（默认：配置中的值）。</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Sampling seed, for repeatable answers (default: the profile&apos;s; 0 = random).</source>
        <translation>采样种子，用于得到可重复的回答（默认：配置中的值；0 = 随机）。</translation>
    </message>
    <message>
        <source>Cap the image tokens of models that tile images (default: the profile&apos;s).</source>
        <translation>限制对图片进行分块的模型的图片词元数（默认：配置中的值）。</translation>
    </message>
    <message>
        <source>Print nothing while answering, then one JSON object with the answer and all timings.</source>
        <translation>回答期间不输出内容，结束后输出一个包含回答和全部耗时的 JSON 对象。</translation>
    </message>
    <message>
        <source>the prompt is empty.</source>
        <translation>问题为空。</translation>
    </message>
    <message>
        <source>use either --model or --model-file with --mmproj, not both.</source>
        <translation>请使用 --model，或 --model-file 加 --mmproj，不要同时使用。</translation>
    </message>
    <message>
        <source>--model needs a profile id or a profile file.</source>
        <translation>--model 需要一个配置 ID 或配置文件。</translation>
    </message>
    <message>
        <source>--model-file and --mmproj go together: a llama.cpp model needs both files.</source>
        <translation>--model-file 和 --mmproj 必须一起使用：llama.cpp 模型需要这两个文件。</translation>
    </message>
    <message>
        <source>No model is installed. Put a profile&apos;s model files where &apos;camchat models&apos; expects them, or name the files with --model-file and --mmproj.</source>
        <translation>没有安装模型。请把某个配置的模型文件放到“camchat models”指出的位置，或用 --model-file 和 --mmproj 指定文件。</translation>
    </message>
    <message>
        <source>There is no model profile &apos;%1&apos;; &apos;camchat models&apos; lists them.</source>
        <translation>没有名为“%1”的模型配置；“camchat models”会列出所有配置。</translation>
    </message>
    <message>
        <source>Loading %1… %2%</source>
        <translation>正在加载 %1… %2%</translation>
    </message>
    <message>
        <source>The image to ask about.</source>
        <translation>要询问的图片。</translation>
    </message>
    <message>
        <source>Ask about a fresh picture from this camera or HDMI input instead of --image, e.g. /dev/video0.</source>
        <translation>不使用 --image，而是就此摄像头或 HDMI 输入的一张新画面提问，例如 /dev/video0。</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>With --device: give up when no picture arrived after this long (default: %1).</source>
        <translation>配合 --device 使用：超过这段时间仍未收到画面则放弃（默认：%1）。</translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation>秒数</translation>
    </message>
    <message>
        <source>--timeout only applies to --device.</source>
        <translation>--timeout 只适用于 --device。</translation>
    </message>
    <message>
        <source>--timeout expects seconds greater than 0, got &apos;%1&apos;.</source>
        <translation>--timeout 需要大于 0 的秒数，实际为“%1”。</translation>
    </message>
    <message>
        <source>the image goes after --image</source>
        <translation>图片应放在 --image 之后</translation>
    </message>
    <message>
        <source>Ask an OpenAI-compatible model server at this API base URL instead of a local model.</source>
        <translation>询问此 API 基地址上的兼容 OpenAI 的模型服务器，而不是本地模型。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>With --endpoint: the server&apos;s model (default: the first it lists).</source>
        <translation>配合 --endpoint：服务器上的模型（默认：它列出的第一个）。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>With --endpoint: the environment variable holding the API key (default: %1).</source>
        <translation>配合 --endpoint：保存 API 密钥的环境变量（默认：%1）。</translation>
    </message>
    <message>
        <source>use either --endpoint or a local model, not both.</source>
        <translation>--endpoint 与本地模型只能二选一。</translation>
    </message>
    <message>
        <source>--endpoint expects an http:// or https:// URL, got &apos;%1&apos;.</source>
        <translation>--endpoint 需要 http:// 或 https:// 地址，得到的是 &apos;%1&apos;。</translation>
    </message>
    <message>
        <source>--image-max-tokens and --threads are for local models; the server decides those.</source>
        <translation>--image-max-tokens 和 --threads 用于本地模型；这些由服务器决定。</translation>
    </message>
    <message>
        <source>--remote-model and --api-key-env go with --endpoint.</source>
        <translation>--remote-model 和 --api-key-env 需与 --endpoint 一起使用。</translation>
    </message>
    <message>
        <source>--api-key-env needs the name of an environment variable.</source>
        <translation>--api-key-env 需要一个环境变量名。</translation>
    </message>
    <message>
        <source>Usage: camchat ask (--image FILE | --device /dev/videoN |
        --screen [--region X,Y,W,H]) [--prompt TEXT]
       [--model PROFILE | --model-file GGUF --mmproj GGUF |
        --endpoint URL [--remote-model NAME] [--api-key-env NAME]] [options]</source>
        <translation>用法：camchat ask (--image 文件 | --device /dev/videoN |
        --screen [--region X,Y,宽,高]) [--prompt 文本]
       [--model 配置 | --model-file GGUF --mmproj GGUF |
        --endpoint URL [--remote-model 名称] [--api-key-env 名称]] [选项]</translation>
    </message>
    <message>
        <source>Without --model or --model-file, the first profile whose files are present
is used (&apos;camchat models&apos; lists them).

--endpoint asks an OpenAI-compatible model server (llama-server, vLLM, Ollama,
LM Studio), e.g. http://127.0.0.1:8080/v1. Its API key, if it wants one, is read
from $CAMCHAT_API_KEY or the variable --api-key-env names; never give the key
itself on the command line.

The answer is printed to stdout as it is generated; the time each stage took
goes to stderr. Ctrl+C stops the answer; what was printed so far stays.

Exit status:
  0  the model answered
  2  usage error (unknown option, missing or bad value)
  3  model error: unknown or invalid profile, model files missing or unloadable;
     a model server unreachable, refusing the key, without that model or without
     vision, or not answering in time
  4  input error: the image is missing, unreadable or corrupt, or the device
     is missing, busy, not allowed, or sent no picture before the timeout;
     the screen could not be grabbed, or the region is not on it
  5  inference error: the model failed while answering (or the server&apos;s answer
     broke off), or Ctrl+C stopped it
</source>
        <translation>未指定 --model 或 --model-file 时，使用第一个文件齐全的配置
（&apos;camchat models&apos; 会列出它们）。

--endpoint 询问兼容 OpenAI 的模型服务器（llama-server、vLLM、Ollama、
LM Studio），例如 http://127.0.0.1:8080/v1。若需要 API 密钥，则从
$CAMCHAT_API_KEY 或 --api-key-env 指定的变量读取；切勿在命令行上直接给出密钥。

回答边生成边输出到 stdout；各阶段耗时输出到 stderr。Ctrl+C 停止回答，
已输出的内容保留。

退出状态：
  0  模型已回答
  2  用法错误（未知选项、缺少或错误的值）
  3  模型错误：配置未知或无效，模型文件缺失或无法加载；
     模型服务器无法访问、拒绝密钥、没有该模型、不支持图像或未及时回答
  4  输入错误：图像缺失、无法读取或已损坏，或设备不存在、被占用、
     无权限或在超时前未送来画面；无法截取屏幕，或区域不在屏幕上
  5  推理错误：模型回答时失败（或服务器的回答中断），或被 Ctrl+C 停止
</translation>
    </message>
    <message>
        <source>Ask about a grab of the screen instead of --image (needs a desktop session).</source>
        <translation>询问屏幕截图而不是 --image（需要桌面会话）。</translation>
    </message>
    <message>
        <source>With --screen: only this part of the screen, in screen pixels from the top left, e.g. 0,0,800,600.</source>
        <translation>与 --screen 一起使用：只取屏幕的这一部分，以从左上角起的屏幕像素计，例如 0,0,800,600。</translation>
    </message>
    <message>
        <source>X,Y,W,H</source>
        <translation>X,Y,宽,高</translation>
    </message>
    <message>
        <source>use one of --image, --device and --screen.</source>
        <translation>请只使用 --image、--device 和 --screen 中的一个。</translation>
    </message>
    <message>
        <source>--image FILE, --device PATH or --screen is required.</source>
        <translation>必须指定 --image 文件、--device 路径或 --screen。</translation>
    </message>
    <message>
        <source>--region only applies to --screen.</source>
        <translation>--region 仅适用于 --screen。</translation>
    </message>
    <message>
        <source>--region expects X,Y,WIDTH,HEIGHT in pixels with a width and height above 0, got &apos;%1&apos;.</source>
        <translation>--region 需要 X,Y,宽,高（像素，宽和高大于 0），收到的是“%1”。</translation>
    </message>
    <message>
        <source>There is no screen to grab: --screen needs a desktop session.</source>
        <translation>没有可截取的屏幕：--screen 需要桌面会话。</translation>
    </message>
    <message>
        <source>The screen could not be grabbed.</source>
        <translation>无法截取屏幕。</translation>
    </message>
    <message>
        <source>The region %1,%2 %3×%4 is not on the screen, which is %5×%6 pixels.</source>
        <translation>区域 %1,%2 %3×%4 不在屏幕上，屏幕大小为 %5×%6 像素。</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Ask a vision-language model about what your camera sees, an image or the screen.</source>
        <translation>向视觉语言模型询问摄像头看到的内容、一张图片或屏幕画面。</translation>
    </message>
    <message>
        <source>Use the user interface language &lt;code&gt; (en, de, zh_CN).</source>
        <translation>使用界面语言 &lt;code&gt;（en、de、zh_CN）。</translation>
    </message>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Image file to open.</source>
        <translation>要打开的图片文件。</translation>
    </message>
    <message>
        <source>[FILE]</source>
        <translation>[文件]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Exit status: 0 success, 1 failure, 2 usage error.</source>
        <translation>退出状态：0 成功，1 失败，2 用法错误。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Ask a model about an image and print the answer.</source>
        <translation>向模型询问一张图片并输出回答。</translation>
    </message>
    <message>
        <source>Run &apos;camchat COMMAND --help&apos; for the options and exit codes of a command.</source>
        <translation>运行“camchat 命令 --help”查看某个命令的选项和退出状态。</translation>
    </message>
    <message>
        <source>Check whether this machine can run the NPU backend, and what to fix.</source>
        <translation>检查本机能否运行 NPU 后端，以及需要修复什么。</translation>
    </message>
    <message>
        <source>List the cameras and HDMI inputs with their formats.</source>
        <translation>列出摄像头和 HDMI 输入及其格式。</translation>
    </message>
    <message>
        <source>Save one picture from a camera or HDMI input.</source>
        <translation>从摄像头或 HDMI 输入保存一张画面。</translation>
    </message>
    <message>
        <source>Start as an unattended full-screen kiosk that captions the live picture.</source>
        <translation>以无人值守的全屏展台模式启动，为实时画面自动生成字幕。</translation>
    </message>
    <message>
        <source>Open this capture device at start, e.g. /dev/video0 (&apos;camchat devices&apos; lists them).</source>
        <translation>启动时打开此采集设备，例如 /dev/video0（“camchat devices”会列出所有设备）。</translation>
    </message>
    <message>
        <source>path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>camchat: %1 is not a capture device that can be opened; run &apos;camchat devices&apos; to list them.
</source>
        <translation>camchat：%1 不是可以打开的采集设备；运行“camchat devices”可列出所有设备。
</translation>
    </message>
    <message>
        <source>camchat opens one image file at a time</source>
        <translation>camchat 一次只能打开一个图片文件</translation>
    </message>
    <message>
        <source>--device needs a device path such as /dev/video0.</source>
        <translation>--device 需要一个设备路径，例如 /dev/video0。</translation>
    </message>
    <message>
        <source>%1: %2
Try &apos;%1 --help&apos; for more information.
</source>
        <translation>%1：%2
运行“%1 --help”了解更多信息。
</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos; (%2).</source>
        <translation>意外的参数“%1”（%2）。</translation>
    </message>
    <message>
        <source>--%1 expects a number from %2 to %3, got &apos;%4&apos;.</source>
        <translation>--%1 需要 %2 到 %3 之间的数字，实际为“%4”。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
    <message>
        <source>List the model profiles and whether their files are present; download or remove them.</source>
        <translation>列出模型配置及其文件是否存在；下载或删除它们。</translation>
    </message>
    <message>
        <source>Grab the screen and get ready for a question about it, in the camchat window that is open (or a new one). For a desktop shortcut.</source>
        <translation>截取屏幕并准备就此提问，在已打开的 camchat 窗口中（或新窗口）。用于桌面快捷键。</translation>
    </message>
    <message>
        <source>With --grab: drag out the part of the screen to ask about.</source>
        <translation>配合 --grab：拖选要提问的屏幕区域。</translation>
    </message>
    <message>
        <source>--region only applies to --grab.</source>
        <translation>--region 只能与 --grab 一起使用。</translation>
    </message>
    <message>
        <source>--grab asks about the screen: it cannot be combined with --kiosk, --device or an image file.</source>
        <translation>--grab 针对屏幕提问：不能与 --kiosk、--device 或图像文件同时使用。</translation>
    </message>
</context>
<context>
    <name>DevicesCommand</name>
    <message>
        <source>%1 fps</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <source>%1 to %2 fps</source>
        <translation>%1 到 %2 帧/秒</translation>
    </message>
    <message>
        <source>any size from %1 to %2</source>
        <translation>%1 到 %2 之间的任意尺寸</translation>
    </message>
    <message>
        <source>size follows the signal</source>
        <translation>尺寸随信号而定</translation>
    </message>
    <message>
        <source>(not supported by camchat)</source>
        <translation>（camchat 不支持）</translation>
    </message>
    <message>
        <source>signal: %1x%2 at %3 fps</source>
        <translation>信号：%1x%2，%3 帧/秒</translation>
    </message>
    <message>
        <source>signal: %1x%2</source>
        <translation>信号：%1x%2</translation>
    </message>
    <message>
        <source>(interlaced)</source>
        <translation>（隔行）</translation>
    </message>
    <message>
        <source>no signal on the HDMI input — check the cable and the source</source>
        <translation>HDMI 输入无信号——请检查线缆和信号源</translation>
    </message>
    <message>
        <source>a source is connected, but the receiver cannot lock onto its signal</source>
        <translation>已连接信号源，但接收器无法锁定其信号</translation>
    </message>
    <message>
        <source>the source sends a mode this receiver does not support</source>
        <translation>信号源发送的模式不受此接收器支持</translation>
    </message>
    <message>
        <source>signal state unknown</source>
        <translation>信号状态未知</translation>
    </message>
    <message>
        <source>No cameras or HDMI inputs found (no video capture devices in %1).</source>
        <translation>未找到摄像头或 HDMI 输入（%1 中没有视频采集设备）。</translation>
    </message>
    <message>
        <source>Connect a USB camera or HDMI grabber; on boards with an HDMI receiver, check that its driver (rk_hdmirx or snps_hdmirx) is loaded.</source>
        <translation>请连接 USB 摄像头或 HDMI 采集器；在带 HDMI 接收器的开发板上，请检查其驱动（rk_hdmirx 或 snps_hdmirx）是否已加载。</translation>
    </message>
    <message>
        <source>[HDMI input]</source>
        <translation>[HDMI 输入]</translation>
    </message>
    <message>
        <source>driver %1, bus %2</source>
        <translation>驱动 %1，总线 %2</translation>
    </message>
    <message>
        <source>multi-planar</source>
        <translation>多平面</translation>
    </message>
    <message>
        <source>The format follows the source; camchat takes what the receiver detects.</source>
        <translation>格式由信号源决定；camchat 采用接收器检测到的格式。</translation>
    </message>
    <message>
        <source>no formats listed</source>
        <translation>未列出格式</translation>
    </message>
    <message>
        <source>Lists the cameras, USB HDMI grabbers and HDMI inputs (V4L2 video capture devices) with their formats, sizes and frame rates, and the signal on HDMI inputs.</source>
        <translation>列出摄像头、USB HDMI 采集器和 HDMI 输入（V4L2 视频采集设备）及其格式、尺寸和帧率，以及 HDMI 输入上的信号。</translation>
    </message>
    <message>
        <source>Exit status: 0 success (also when no device is found), 2 usage error.</source>
        <translation>退出状态：0 成功（未找到设备时也是），2 用法错误。</translation>
    </message>
    <message>
        <source>not supported by camchat: %1</source>
        <translation>camchat 不支持：%1</translation>
    </message>
    <message>
        <source>`camchat devices --all` lists every size and frame rate.</source>
        <translation>`camchat devices --all` 会列出所有尺寸和帧率。</translation>
    </message>
    <message>
        <source>Usage: camchat devices [--all] [--json]</source>
        <translation>用法：camchat devices [--all] [--json]</translation>
    </message>
    <message>
        <source>List every size and frame rate of every format, not only the largest size of each format camchat can capture.</source>
        <translation>列出每种格式的所有尺寸和帧率，而不仅是 camchat 能采集的每种格式的最大尺寸。</translation>
    </message>
    <message>
        <source>Print one JSON object instead of text (always with every size).</source>
        <translation>输出一个 JSON 对象而不是文本（始终包含所有尺寸）。</translation>
    </message>
</context>
<context>
    <name>DoctorCommand</name>
    <message>
        <source>Checks whether this machine can run the Rockchip NPU backend: board and SoC, kernel, NPU driver version, runtime libraries, access to GPU/NPU and camera devices, and the NPU models&apos; files. Every problem comes with its fix.</source>
        <translation>检查本机能否运行 Rockchip NPU 后端：主板和 SoC、内核、NPU 驱动版本、运行库、对 GPU/NPU 和摄像头设备的访问权限，以及 NPU 模型文件。每个问题都附有修复方法。</translation>
    </message>
    <message>
        <source>Read the system files under &lt;dir&gt; instead of / (for testing).</source>
        <translation>从 &lt;dir&gt; 而不是 / 读取系统文件（用于测试）。</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>dir</translation>
    </message>
    <message>
        <source>Print one JSON object instead of text.</source>
        <translation>输出一个 JSON 对象而不是文本。</translation>
    </message>
    <message>
        <source>Usage: camchat doctor [--root DIR] [--json]</source>
        <translation>用法：camchat doctor [--root DIR] [--json]</translation>
    </message>
    <message>
        <source>Exit status: 0 report printed (even when it lists problems), 2 usage error.</source>
        <translation>退出状态：0 已输出报告（即使其中列出问题），2 用法错误。</translation>
    </message>
    <message>
        <source>--root: &apos;%1&apos; is not a directory.</source>
        <translation>--root：“%1”不是目录。</translation>
    </message>
</context>
<context>
    <name>DownloadText</name>
    <message numerus="yes">
        <source>about %n s left</source>
        <translation>
            <numerusform>约剩 %n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n min left</source>
        <translation>
            <numerusform>约剩 %n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n h left</source>
        <translation>
            <numerusform>约剩 %n 小时</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
</context>
<context>
    <name>ModelPullCommand</name>
    <message>
        <source>There is no model profile with the id &apos;%1&apos;. Run `camchat models` to list them.</source>
        <translation>没有 ID 为 &apos;%1&apos; 的模型配置。运行 `camchat models` 查看列表。</translation>
    </message>
    <message>
        <source>Downloads the model files of profile ID from where its profile says (the Hugging Face hub, or the URLs in its &quot;source&quot;), verifies their size and sha256 and puts them in place. A file already in llama.cpp&apos;s or the Hugging Face cache is used where it lies. An interrupted download keeps its .part file and the next pull resumes it. HF_ENDPOINT selects a mirror; HF_TOKEN is sent for gated or private repositories.</source>
        <translation>按配置所述位置（Hugging Face hub 或其 &quot;source&quot; 中的 URL）下载配置 ID 的模型文件，校验大小和 sha256 后放到位。已在 llama.cpp 或 Hugging Face 缓存中的文件会原地使用。中断的下载保留 .part 文件，下次 pull 会续传。HF_ENDPOINT 选择镜像；对受限或私有仓库会发送 HF_TOKEN。</translation>
    </message>
    <message>
        <source>Usage: camchat models pull ID</source>
        <translation>用法：camchat models pull ID</translation>
    </message>
    <message>
        <source>Exit status: 0 verified and in place, 1 could not be written (disk full, permission, another pull of the same file), 2 usage error, 3 model error (unknown id, not found, not authorised, checksum mismatch), 5 interrupted (Ctrl+C; the partial file is kept), 6 network error (the partial file is kept; pull again to resume).</source>
        <translation>退出状态：0 已校验并放好，1 无法写入（磁盘已满、权限、同一文件正被另一个 pull 下载），2 用法错误，3 模型错误（ID 未知、未找到、未授权、校验和不符），5 已中断（Ctrl+C；保留部分文件），6 网络错误（保留部分文件；再次 pull 即可续传）。</translation>
    </message>
    <message>
        <source>The model profile to download.</source>
        <translation>要下载的模型配置。</translation>
    </message>
    <message>
        <source>Name the model profile to download.</source>
        <translation>请指定要下载的模型配置。</translation>
    </message>
    <message>
        <source>%1 is ready: its files are in place.</source>
        <translation>%1 已就绪：文件都已到位。</translation>
    </message>
    <message>
        <source>The download of %1 could not start.</source>
        <translation>%1 的下载无法开始。</translation>
    </message>
    <message>
        <source>%1 is ready: its files are verified and in place.</source>
        <translation>%1 已就绪：文件已校验并到位。</translation>
    </message>
    <message>
        <source>The download was interrupted. The partial file is kept: `camchat models pull %1` resumes it.</source>
        <translation>下载被中断。部分文件已保留：`camchat models pull %1` 可续传。</translation>
    </message>
    <message>
        <source>Deletes the downloaded files of profile ID and any partial download from the model folder. Files in llama.cpp&apos;s or the Hugging Face cache are never deleted: only camchat&apos;s link to them.</source>
        <translation>从模型文件夹删除配置 ID 已下载的文件及未完成的下载。llama.cpp 或 Hugging Face 缓存中的文件不会被删除，只删除 camchat 指向它们的链接。</translation>
    </message>
    <message>
        <source>Usage: camchat models remove ID</source>
        <translation>用法：camchat models remove ID</translation>
    </message>
    <message>
        <source>Exit status: 0 removed (or nothing to remove), 1 a file could not be deleted, 2 usage error, 3 unknown id or a profile camchat does not download.</source>
        <translation>退出状态：0 已删除（或无需删除），1 有文件无法删除，2 用法错误，3 ID 未知或该配置不由 camchat 下载。</translation>
    </message>
    <message>
        <source>The model profile whose files to delete.</source>
        <translation>要删除其文件的模型配置。</translation>
    </message>
    <message>
        <source>Name the model profile whose files to delete.</source>
        <translation>请指定要删除其文件的模型配置。</translation>
    </message>
    <message>
        <source>Removed the downloaded files of %1.</source>
        <translation>已删除 %1 下载的文件。</translation>
    </message>
</context>
<context>
    <name>ModelsCommand</name>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>files missing</source>
        <translation>文件缺失</translation>
    </message>
    <message>
        <source>present</source>
        <translation>存在</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <source>Print one JSON object instead of text.</source>
        <translation>输出一个 JSON 对象而不是文本。</translation>
    </message>
    <message>
        <source>Exit status: 0 success, 2 usage error.</source>
        <translation>退出状态：0 成功，2 用法错误。</translation>
    </message>
    <message>
        <source>No model profiles found.</source>
        <translation>没有找到模型配置。</translation>
    </message>
    <message>
        <source>Profiles that could not be loaded:</source>
        <translation>无法加载的配置：</translation>
    </message>
    <message>
        <source>Your own profiles go in %1 (model paths relative to the JSON file).</source>
        <translation>你自己的配置放在 %1（模型路径相对于 JSON 文件）。</translation>
    </message>
    <message>
        <source>(download %1: camchat models pull %2)</source>
        <translation>（下载 %1：camchat models pull %2）</translation>
    </message>
    <message>
        <source>(download: camchat models pull %1)</source>
        <translation>（下载：camchat models pull %1）</translation>
    </message>
    <message>
        <source>server %1, model %2</source>
        <translation>服务器 %1，模型 %2</translation>
    </message>
    <message>
        <source>the first it lists</source>
        <translation>其列出的第一个</translation>
    </message>
    <message>
        <source>Lists the model profiles camchat knows (built in, then yours from %1), where each expects its model files and whether they are present. Profiles that failed to load are listed with the reason. `camchat models pull ID` downloads a profile&apos;s files, `camchat models remove ID` deletes them (see `camchat models pull --help`).</source>
        <translation>列出 camchat 知道的模型配置（内置的，然后是 %1 中你自己的），每个配置期望的模型文件位置以及文件是否存在。加载失败的配置会附上原因。`camchat models pull ID` 下载配置的文件，`camchat models remove ID` 删除它们（见 `camchat models pull --help`）。</translation>
    </message>
    <message>
        <source>Usage: camchat models [--json]
       camchat models pull ID
       camchat models remove ID</source>
        <translation>用法：camchat models [--json]
      camchat models pull ID
      camchat models remove ID</translation>
    </message>
</context>
<context>
    <name>RemoteServer</name>
    <message>
        <source>Model server %1</source>
        <translation>模型服务器 %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 上的 %1</translation>
    </message>
</context>
<context>
    <name>SnapCommand</name>
    <message>
        <source>Usage: camchat snap --device /dev/videoN --out FILE [options]</source>
        <translation>用法：camchat snap --device /dev/videoN --out 文件 [选项]</translation>
    </message>
    <message>
        <source>Saves one picture from a camera or HDMI input.</source>
        <translation>从摄像头或 HDMI 输入保存一张画面。</translation>
    </message>
    <message>
        <source>The V4L2 device to capture from, e.g. /dev/video0 (required).</source>
        <translation>要从中采集的 V4L2 设备，例如 /dev/video0（必填）。</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Where to save the picture: .jpg or .png (required).</source>
        <translation>画面的保存位置：.jpg 或 .png（必填）。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Give up when no picture arrived after this long (default: %1).</source>
        <translation>超过这段时间仍未收到画面则放弃（默认：%1）。</translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation>秒数</translation>
    </message>
    <message>
        <source>FOURCC</source>
        <translation>FOURCC</translation>
    </message>
    <message>
        <source>Ask a camera for this size, e.g. 1280x720.</source>
        <translation>向摄像头请求此尺寸，例如 1280x720。</translation>
    </message>
    <message>
        <source>WxH</source>
        <translation>宽x高</translation>
    </message>
    <message>
        <source>Drop the first N frames, so a camera&apos;s exposure can settle (default: 0).</source>
        <translation>丢弃前 N 帧，让摄像头的曝光稳定下来（默认：0）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>--device PATH is required (&apos;camchat devices&apos; lists them).</source>
        <translation>必须指定 --device 路径（“camchat devices”会列出所有设备）。</translation>
    </message>
    <message>
        <source>--out FILE is required.</source>
        <translation>必须指定 --out 文件。</translation>
    </message>
    <message>
        <source>--timeout expects seconds greater than 0 and at most %1, got &apos;%2&apos;.</source>
        <translation>--timeout 需要大于 0 且不超过 %1 的秒数，实际为“%2”。</translation>
    </message>
    <message>
        <source>--format expects a four-character code such as MJPG or YUYV, got &apos;%1&apos;.</source>
        <translation>--format 需要 MJPG 或 YUYV 这样的四字符代码，实际为“%1”。</translation>
    </message>
    <message>
        <source>--size expects WIDTHxHEIGHT such as 1280x720, got &apos;%1&apos;.</source>
        <translation>--size 需要“宽x高”格式，例如 1280x720，实际为“%1”。</translation>
    </message>
    <message>
        <source>Saved %1 (%2x%3, %4 from %5)
</source>
        <translation>已保存 %1（%2x%3，%4，来自 %5）
</translation>
    </message>
    <message>
        <source>could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Waits for the first good frame from the device, saves it and exits. A name ending
in .png gives a PNG file, anything else a JPEG. An existing file is replaced only
once the new one is complete. &apos;camchat devices&apos; lists the capture devices.

Exit status:
  0  the picture was saved
  1  the file could not be written
  2  usage error (unknown option, missing or bad value)
  4  device error: missing, busy, no permission, not a capture device,
     or no picture before the timeout (an HDMI input without a signal);
     no file is written
</source>
        <translation>等待设备送来第一帧完好的画面，保存后退出。文件名以 .png 结尾时保存为
PNG 文件，否则保存为 JPEG。已有文件只会在新文件完整写好后才被替换。
“camchat devices”会列出所有采集设备。

退出状态：
  0  画面已保存
  1  无法写入文件
  2  用法错误（未知选项、缺少值或值无效）
  4  设备错误：设备不存在、被占用、无权限、不是采集设备，
     或在超时前没有画面（HDMI 输入无信号）；
     不会写入文件
</translation>
    </message>
    <message>
        <source>Ask for this pixel format (MJPG, YUYV, UYVY, NV12, ...); an HDMI input keeps its source&apos;s size and, without this option, its driver&apos;s format.</source>
        <translation>请求此像素格式（MJPG、YUYV、UYVY、NV12 等）；HDMI 输入保持信号源的尺寸，不加此选项时也保持其驱动的格式。</translation>
    </message>
</context>
<context>
    <name>SystemCheckText</name>
    <message>
        <source>Board</source>
        <translation>主板</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>NPU driver</source>
        <translation>NPU 驱动</translation>
    </message>
    <message>
        <source>RKNN runtime</source>
        <translation>RKNN 运行库</translation>
    </message>
    <message>
        <source>RKLLM runtime</source>
        <translation>RKLLM 运行库</translation>
    </message>
    <message>
        <source>GPU/NPU devices</source>
        <translation>GPU/NPU 设备</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>NPU backend</source>
        <translation>NPU 后端</translation>
    </message>
    <message>
        <source>Model files</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>found, version unknown</source>
        <translation>已找到，版本未知</translation>
    </message>
    <message>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>probably available, driver version unknown</source>
        <translation>可能可用，驱动版本未知</translation>
    </message>
    <message>
        <source>answers will fail with matmul(w8a8) errors; the vendor 5.10 kernel cannot take the newer driver; install Armbian with kernel 6.1, or use the CPU backend</source>
        <translation>回答将因 matmul(w8a8) 错误而失败；厂商的 5.10 内核无法使用更新的驱动；请安装带 6.1 内核的 Armbian，或使用 CPU 后端</translation>
    </message>
    <message>
        <source>unknown: run as root to read it (sudo camchat doctor)</source>
        <translation>未知：以 root 身份运行才能读取（sudo camchat doctor）</translation>
    </message>
    <message>
        <source>camchat supports rkllm-runtime %1: install librkllmrt.so from one of those releases</source>
        <translation>camchat 支持 rkllm-runtime %1：请从这些版本之一安装 librkllmrt.so</translation>
    </message>
    <message>
        <source>add yourself to the %1 group (sudo usermod -aG %1 $USER), then log in again</source>
        <translation>请将自己加入 %1 组（sudo usermod -aG %1 $USER），然后重新登录</translation>
    </message>
    <message>
        <source>put the model file at %1, or choose another model</source>
        <translation>请将模型文件放到 %1，或选择其他模型</translation>
    </message>
    <message>
        <source>%1 is empty or not a model file: download it again</source>
        <translation>%1 为空或不是模型文件：请重新下载</translation>
    </message>
    <message>
        <source>this machine has no usable Rockchip NPU: use a CPU model</source>
        <translation>本机没有可用的 Rockchip NPU：请使用 CPU 模型</translation>
    </message>
    <message>
        <source>NPU backend: %1</source>
        <translation>NPU 后端：%1</translation>
    </message>
    <message>
        <source>camchat system check (root %1)</source>
        <translation>camchat 系统检查（根目录 %1）</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>修复：%1</translation>
    </message>
    <message>
        <source>install %1 from Rockchip&apos;s rknn-llm release into /usr/lib, or choose its folder in Settings (Model page, NPU runtime) or with CAMCHAT_RK_LIB_DIR</source>
        <translation>请将 Rockchip rknn-llm 发布包中的 %1 安装到 /usr/lib，或在设置（模型页，NPU 运行时）中选择其所在目录，或用 CAMCHAT_RK_LIB_DIR 指定</translation>
    </message>
</context>
<context>
    <name>camchat::session::KioskController</name>
    <message>
        <source>Describe what you see in one short sentence.</source>
        <translation>用一句简短的话描述你看到的内容。</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ChatView</name>
    <message>
        <source>Your conversation appears here. Snap or load an image, then ask a question below.</source>
        <translation>对话会显示在这里。先拍摄或载入一张图片，然后在下方提问。</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>camchat</source>
        <translation>camchat</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>(image attached)</source>
        <translation>（已附图片）</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <source>image</source>
        <translation>图片</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ErrorBar</name>
    <message>
        <source>Show details</source>
        <translation>显示详细信息</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>隐藏详细信息</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ErrorText</name>
    <message>
        <source>The file does not exist (any more).</source>
        <translation>文件不存在（或已被删除）。</translation>
    </message>
    <message>
        <source>camchat is not allowed to read this file.</source>
        <translation>camchat 没有读取此文件的权限。</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>文件是空的。</translation>
    </message>
    <message>
        <source>The file is too large: camchat opens image files up to 200 MB.</source>
        <translation>文件太大：camchat 只能打开不超过 200 MB 的图片文件。</translation>
    </message>
    <message>
        <source>This is not an image camchat recognises.</source>
        <translation>camchat 无法识别此图片。</translation>
    </message>
    <message>
        <source>camchat cannot open images in this format.</source>
        <translation>camchat 无法打开这种格式的图片。</translation>
    </message>
    <message>
        <source>The image is too large: camchat opens images up to 64 megapixels.</source>
        <translation>图片太大：camchat 只能打开不超过 6400 万像素的图片。</translation>
    </message>
    <message>
        <source>The image is incomplete: the file ends too early.</source>
        <translation>图片不完整：文件提前结束。</translation>
    </message>
    <message>
        <source>The image is damaged and cannot be shown.</source>
        <translation>图片已损坏，无法显示。</translation>
    </message>
    <message>
        <source>There is not enough memory to open this image.</source>
        <translation>内存不足，无法打开此图片。</translation>
    </message>
    <message>
        <source>The image could not be opened.</source>
        <translation>无法打开该图片。</translation>
    </message>
    <message>
        <source>A file with this name already exists.</source>
        <translation>已存在同名文件。</translation>
    </message>
    <message>
        <source>There is no image to save.</source>
        <translation>没有可保存的图片。</translation>
    </message>
    <message>
        <source>The image could not be encoded.</source>
        <translation>无法对图片进行编码。</translation>
    </message>
    <message>
        <source>camchat cannot create files in this folder.</source>
        <translation>camchat 无法在此文件夹中创建文件。</translation>
    </message>
    <message>
        <source>Writing the snapshot failed; the disk may be full.</source>
        <translation>写入快照失败，磁盘可能已满。</translation>
    </message>
    <message>
        <source>The snapshot could not be put in place of the old file.</source>
        <translation>无法用快照替换原有文件。</translation>
    </message>
    <message>
        <source>The snapshot could not be saved.</source>
        <translation>无法保存快照。</translation>
    </message>
    <message>
        <source>The model profile is not valid.</source>
        <translation>模型配置无效。</translation>
    </message>
    <message>
        <source>A file of this model is missing.</source>
        <translation>该模型的某个文件缺失。</translation>
    </message>
    <message>
        <source>A file of this model is damaged or is not the kind of file the model needs.</source>
        <translation>该模型的某个文件已损坏，或不是模型所需的文件类型。</translation>
    </message>
    <message>
        <source>The model could not be loaded.</source>
        <translation>无法加载模型。</translation>
    </message>
    <message>
        <source>This model needs a runtime that is not available on this computer.</source>
        <translation>此模型需要的运行时在这台计算机上不可用。</translation>
    </message>
    <message>
        <source>No model is loaded. Choose one and ask again.</source>
        <translation>尚未加载模型。请选择一个模型后再提问。</translation>
    </message>
    <message>
        <source>There is no image to talk about yet. Open one and ask again.</source>
        <translation>还没有可以讨论的图片。请打开一张图片后再提问。</translation>
    </message>
    <message>
        <source>The image could not be prepared for the model.</source>
        <translation>无法为模型准备这张图片。</translation>
    </message>
    <message>
        <source>The model could not look at the image.</source>
        <translation>模型无法读取这张图片。</translation>
    </message>
    <message>
        <source>This conversation is too long for the model. Ask again to start a new one about the same image.</source>
        <translation>这段对话对模型来说太长了。再次提问即可就同一张图片开始新的对话。</translation>
    </message>
    <message>
        <source>The question could not be prepared for the model.</source>
        <translation>无法为模型准备这个问题。</translation>
    </message>
    <message>
        <source>The model failed while writing the answer.</source>
        <translation>模型在生成回答时出错。</translation>
    </message>
    <message>
        <source>The answer was stopped.</source>
        <translation>回答已停止。</translation>
    </message>
    <message>
        <source>The model could not answer.</source>
        <translation>模型无法回答。</translation>
    </message>
    <message>
        <source>%1 is not capturing.</source>
        <translation>%1 未在采集画面。</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>No signal on the HDMI input — check the cable and the source</source>
        <translation>HDMI 输入无信号——请检查线缆和信号源</translation>
    </message>
    <message>
        <source>%1 delivers no pictures. Is the lens covered, or is another program using the camera?</source>
        <translation>%1 没有送来画面。镜头是否被遮住，或者有其他程序正在使用摄像头？</translation>
    </message>
    <message>
        <source>%1 was unplugged. Waiting for it to come back…</source>
        <translation>%1 已被拔出。正在等待它重新连接…</translation>
    </message>
    <message>
        <source>Cannot capture from %1: %2</source>
        <translation>无法从 %1 采集画面：%2</translation>
    </message>
    <message>
        <source>%1 does not exist. Run `camchat devices` to list capture devices.</source>
        <translation>%1 不存在。运行 `camchat devices` 可列出采集设备。</translation>
    </message>
    <message>
        <source>No permission to open %1. Add your user to the &apos;video&apos; group (sudo usermod -aG video $USER), then log out and in again.</source>
        <translation>没有打开 %1 的权限。请将你的用户加入“video”组（sudo usermod -aG video $USER），然后注销并重新登录。</translation>
    </message>
    <message>
        <source>%1 is busy: another program is capturing from it. Close that program (or the camchat window using it) and try again.</source>
        <translation>%1 正忙：另一个程序正在从它采集画面。请关闭该程序（或正在使用它的 camchat 窗口）后重试。</translation>
    </message>
    <message>
        <source>%1 is not a video capture device. Run `camchat devices` to list capture devices.</source>
        <translation>%1 不是视频采集设备。运行 `camchat devices` 可列出采集设备。</translation>
    </message>
    <message>
        <source>%1 sends a pixel format camchat cannot capture.</source>
        <translation>%1 发送的像素格式 camchat 无法采集。</translation>
    </message>
    <message>
        <source>No signal on the HDMI input within %1 s — check the cable and the source.</source>
        <translation>%1 秒内 HDMI 输入无信号——请检查线缆和信号源。</translation>
    </message>
    <message>
        <source>%1 delivered no picture within %2 s. If it is an HDMI grabber, check the cable and the source; otherwise try a longer --timeout.</source>
        <translation>%1 在 %2 秒内没有送来画面。如果它是 HDMI 采集器，请检查线缆和信号源；否则请尝试更长的 --timeout。</translation>
    </message>
    <message>
        <source>%1 was unplugged while waiting for a picture.</source>
        <translation>等待画面时 %1 被拔出。</translation>
    </message>
    <message>
        <source>Cannot capture from %1.</source>
        <translation>无法从 %1 采集画面。</translation>
    </message>
    <message>
        <source>This model does not say where its files can be downloaded from. Put them in place yourself.</source>
        <translation>该模型未说明其文件从何处下载。请自行放置文件。</translation>
    </message>
    <message>
        <source>The model files were not found on the server.</source>
        <translation>服务器上找不到模型文件。</translation>
    </message>
    <message>
        <source>The server refused the download: the repository is gated or private: set HF_TOKEN.</source>
        <translation>服务器拒绝下载：该仓库受限或私有：请设置 HF_TOKEN。</translation>
    </message>
    <message>
        <source>The downloaded file is not the expected one (checksum mismatch) and was deleted.</source>
        <translation>下载的文件与预期不符（校验和不匹配），已删除。</translation>
    </message>
    <message>
        <source>The download failed on the network. The partial file is kept: downloading again (or `camchat models pull`) resumes it.</source>
        <translation>下载因网络失败。部分文件已保留：再次下载（或 `camchat models pull`）即可续传。</translation>
    </message>
    <message>
        <source>There is not enough free disk space for the model files.</source>
        <translation>磁盘空间不足，无法存放模型文件。</translation>
    </message>
    <message>
        <source>The model files cannot be written to the model folder.</source>
        <translation>无法将模型文件写入模型文件夹。</translation>
    </message>
    <message>
        <source>Another camchat is downloading the same file.</source>
        <translation>另一个 camchat 正在下载同一文件。</translation>
    </message>
    <message>
        <source>Cannot reach the model server at %1: %2</source>
        <translation>无法访问 %1 上的模型服务器：%2</translation>
    </message>
    <message>
        <source>The model server rejected the API key (Settings → Remote server).</source>
        <translation>模型服务器拒绝了 API 密钥（设置 → 模型服务器）。</translation>
    </message>
    <message>
        <source>The model server rejected the API key from the variable %1.</source>
        <translation>模型服务器拒绝了来自变量 %1 的 API 密钥。</translation>
    </message>
    <message>
        <source>The model server wants an API key: enter it in Settings → Remote server, or put it in an environment variable and name that variable in the profile&apos;s remote.apiKeyEnv (or with --api-key-env).</source>
        <translation>模型服务器需要 API 密钥：请在 设置 → 模型服务器 中输入，或放入环境变量并在配置的 remote.apiKeyEnv 中指定该变量（或使用 --api-key-env）。</translation>
    </message>
    <message>
        <source>The model server wants an API key, but the variable %1 is unset.</source>
        <translation>模型服务器需要 API 密钥，但变量 %1 未设置。</translation>
    </message>
    <message>
        <source>The model server has no model &quot;%1&quot;.</source>
        <translation>模型服务器没有模型 &quot;%1&quot;。</translation>
    </message>
    <message>
        <source>The model server has no model &quot;%1&quot;; it offers: %2.</source>
        <translation>模型服务器没有模型 &quot;%1&quot;；它提供：%2。</translation>
    </message>
    <message>
        <source>This server&apos;s model cannot see images — start llama-server with --mmproj, or choose a vision model.</source>
        <translation>该服务器的模型无法识别图像 — 请用 --mmproj 启动 llama-server，或选择视觉模型。</translation>
    </message>
    <message>
        <source>The model server at %1 did not start answering in time.</source>
        <translation>%1 上的模型服务器未及时开始回答。</translation>
    </message>
    <message>
        <source>The model server at %1 stopped sending mid-answer; the answer is cut off.</source>
        <translation>%1 上的模型服务器在回答中途停止发送；回答不完整。</translation>
    </message>
    <message>
        <source>The connection to the model server at %1 dropped; the answer is cut off.</source>
        <translation>与 %1 上模型服务器的连接中断；回答不完整。</translation>
    </message>
    <message>
        <source>The model server at %1 reported an error: %2</source>
        <translation>%1 上的模型服务器报告错误：%2</translation>
    </message>
</context>
<context>
    <name>camchat::ui::FirstRunBanner</name>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stops the download; what has arrived is kept, and Download resumes it.</source>
        <translation>停止下载；已收到的内容会保留，再次下载即可续传。</translation>
    </message>
    <message>
        <source>Manage models…</source>
        <translation>管理模型…</translation>
    </message>
    <message>
        <source>Downloading %1 — it loads as soon as it has been checked.</source>
        <translation>正在下载 %1 — 校验完成后立即加载。</translation>
    </message>
    <message>
        <source>Resume download</source>
        <translation>继续下载</translation>
    </message>
    <message>
        <source>The download of %1 stopped: %2</source>
        <translation>%1 的下载已停止：%2</translation>
    </message>
    <message>
        <source>camchat needs a vision model to answer. Download %1 (%2)?</source>
        <translation>camchat 需要一个视觉模型才能回答。要下载 %1（%2）吗？</translation>
    </message>
    <message>
        <source>This board&apos;s NPU answers faster: put %1 in %2 and choose the NPU model. The CPU model works meanwhile.</source>
        <translation>本板的 NPU 回答更快：把 %1 放到 %2 并选择 NPU 模型。在此之前 CPU 模型可用。</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ImageIntake</name>
    <message>
        <source>Screen grab</source>
        <translation>屏幕截图</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>Could not open %1. %2</source>
        <translation>无法打开 %1。%2</translation>
    </message>
    <message>
        <source>Clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation>拖入的图片</translation>
    </message>
    <message>
        <source>Screen region</source>
        <translation>屏幕区域</translation>
    </message>
</context>
<context>
    <name>camchat::ui::KioskMode</name>
    <message>
        <source>No model is ready. Run “camchat models pull %1” on this machine; captions start when it has been checked.</source>
        <translation>没有可用的模型。请在本机运行“camchat models pull %1”；校验完成后开始生成字幕。</translation>
    </message>
    <message>
        <source>No model is ready. Put a model&apos;s files in %1; captions start when they are there.</source>
        <translation>没有可用的模型。请把模型文件放到 %1；文件到位后开始生成字幕。</translation>
    </message>
</context>
<context>
    <name>camchat::ui::KioskWindow</name>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n 秒前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retrying in %n s — %1</source>
        <translation>
            <numerusform>%n 秒后重试——%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Retrying — %1</source>
        <translation>正在重试——%1</translation>
    </message>
    <message>
        <source>Captioning failed — %1</source>
        <translation>生成字幕失败——%1</translation>
    </message>
    <message>
        <source>Reloading the model after repeated errors…</source>
        <translation>多次出错，正在重新加载模型…</translation>
    </message>
    <message>
        <source>Waiting for the model to load…</source>
        <translation>正在等待模型加载…</translation>
    </message>
    <message>
        <source>Retrying…</source>
        <translation>正在重试…</translation>
    </message>
    <message>
        <source>Describing what the camera sees…</source>
        <translation>正在描述摄像头看到的内容…</translation>
    </message>
    <message>
        <source>Space: caption now · Esc: leave kiosk mode</source>
        <translation>空格：立即生成字幕 · Esc：退出展台模式</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>camchat kiosk</source>
        <translation>camchat 展台</translation>
    </message>
    <message>
        <source>Caption kiosk</source>
        <translation>字幕展台</translation>
    </message>
    <message>
        <source>Waiting for a camera or HDMI input — plug one in; captions start when it appears.</source>
        <translation>正在等待摄像头或 HDMI 输入 — 请接上一个；出现后即开始生成字幕。</translation>
    </message>
    <message>
        <source>Waiting for a picture from %1 — check the HDMI cable and that the source is on; captions resume by themselves.</source>
        <translation>正在等待来自 %1 的画面 — 请检查 HDMI 线缆及信号源是否开启；字幕会自动恢复。</translation>
    </message>
    <message>
        <source>Waiting for a picture from %1 — check that the camera is plugged in; captions resume by themselves.</source>
        <translation>正在等待来自 %1 的画面 — 请检查摄像头是否已连接；字幕会自动恢复。</translation>
    </message>
</context>
<context>
    <name>camchat::ui::LatencyPanel</name>
    <message>
        <source>Preprocess</source>
        <translation>预处理</translation>
    </message>
    <message>
        <source>Vision encode</source>
        <translation>视觉编码</translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>预填充</translation>
    </message>
    <message>
        <source>First token</source>
        <translation>首个词元</translation>
    </message>
    <message>
        <source>Decode</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>No request yet</source>
        <translation>尚无请求</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 tok</source>
        <translation>%1 词元</translation>
    </message>
    <message>
        <source>%1 tok, %2 tok/s</source>
        <translation>%1 词元，%2 词元/秒</translation>
    </message>
    <message>
        <source>peak memory %1 MiB</source>
        <translation>峰值内存 %1 MiB</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>The picture was encoded while you typed the question, so the answer did not wait for it.</source>
        <translation>图像在您输入问题时已完成编码，因此回答无需等待编码。</translation>
    </message>
    <message>
        <source>Encoded while you typed: %1</source>
        <translation>输入时已编码：%1</translation>
    </message>
</context>
<context>
    <name>camchat::ui::MainWindow</name>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图片。</translation>
    </message>
    <message>
        <source>Saving %1…</source>
        <translation>正在保存 %1…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Answer copied to the clipboard.</source>
        <translation>回答已复制到剪贴板。</translation>
    </message>
    <message>
        <source>camchat %1</source>
        <translation>camchat %1</translation>
    </message>
    <message>
        <source>Ask a vision-language model about what your camera sees.</source>
        <translation>向视觉语言模型询问摄像头看到的内容。</translation>
    </message>
    <message>
        <source>Free software under the MIT licence.</source>
        <translation>基于 MIT 许可证的自由软件。</translation>
    </message>
    <message>
        <source>About camchat</source>
        <translation>关于 camchat</translation>
    </message>
    <message>
        <source>Your draft was replaced; press Ctrl+Z to get it back.</source>
        <translation>你的草稿已被替换；按 Ctrl+Z 可以恢复。</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>%1 – camchat</source>
        <translation>%1 – camchat</translation>
    </message>
    <message numerus="yes">
        <source>%n model profile(s) could not be read and are not in the list.</source>
        <translation>
            <numerusform>有 %n 个模型配置无法读取，未显示在列表中。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not load the model %1. %2</source>
        <translation>无法加载模型 %1。%2</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无回答</translation>
    </message>
    <message>
        <source>There is no live picture to snap yet.</source>
        <translation>还没有可拍摄的实时画面。</translation>
    </message>
    <message>
        <source>The live picture could not be snapped.</source>
        <translation>无法拍摄实时画面。</translation>
    </message>
    <message>
        <source>No keyring is running (%1): the API key is kept until camchat quits.</source>
        <translation>没有运行中的密钥环（%1）：API 密钥只保留到 camchat 退出。</translation>
    </message>
    <message>
        <source>%1 did not answer. %2</source>
        <translation>%1 没有回答。%2</translation>
    </message>
    <message>
        <source>%1 could not be downloaded: %2</source>
        <translation>%1 无法下载：%2</translation>
    </message>
    <message>
        <source>%1 is downloaded and checked.</source>
        <translation>%1 已下载并校验。</translation>
    </message>
</context>
<context>
    <name>camchat::ui::MainWindowActions</name>
    <message>
        <source>&amp;Open Image…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <source>Open an image file</source>
        <translation>打开一个图片文件</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <source>Use the image on the clipboard</source>
        <translation>使用剪贴板中的图片</translation>
    </message>
    <message>
        <source>&amp;Grab Screen</source>
        <translation>截取屏幕(&amp;G)</translation>
    </message>
    <message>
        <source>Take a screenshot (camchat hides itself meanwhile)</source>
        <translation>截取屏幕（期间 camchat 会隐藏自身）</translation>
    </message>
    <message>
        <source>S&amp;nap</source>
        <translation>拍摄(&amp;N)</translation>
    </message>
    <message>
        <source>Freeze the current live picture as the image to ask about (Space)</source>
        <translation>定格当前实时画面，作为要提问的图片（空格）</translation>
    </message>
    <message>
        <source>&amp;Kiosk Mode</source>
        <translation>展台模式(&amp;K)</translation>
    </message>
    <message>
        <source>Show the live picture full screen with captions made by themselves (Esc leaves)</source>
        <translation>全屏显示实时画面并自动生成字幕（Esc 退出）</translation>
    </message>
    <message>
        <source>Show Capture &amp;Details</source>
        <translation>显示采集详情(&amp;D)</translation>
    </message>
    <message>
        <source>Frame rate, size, pixel format and dropped frames over the live picture</source>
        <translation>在实时画面上显示帧率、尺寸、像素格式和丢帧数</translation>
    </message>
    <message>
        <source>&amp;Save Snapshot…</source>
        <translation>保存快照(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the current image to a file</source>
        <translation>将当前图片保存到文件</translation>
    </message>
    <message>
        <source>Save &amp;Transcript…</source>
        <translation>保存对话记录(&amp;T)…</translation>
    </message>
    <message>
        <source>Save the conversation as Markdown, with the images asked about</source>
        <translation>将对话连同所询问的图片保存为 Markdown</translation>
    </message>
    <message>
        <source>&amp;Copy Answer</source>
        <translation>复制回答(&amp;C)</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>System &amp;Check…</source>
        <translation>系统检查(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;About camchat</source>
        <translation>关于 camchat(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Show &amp;Toolbar</source>
        <translation>显示工具栏(&amp;T)</translation>
    </message>
    <message>
        <source>Grab Screen &amp;Region…</source>
        <translation>截取屏幕区域(&amp;R)…</translation>
    </message>
    <message>
        <source>Take a screenshot and drag out the part to ask about: small text stays readable</source>
        <translation>截屏并拖选要提问的部分：小字也清晰可读</translation>
    </message>
    <message>
        <source>&amp;Manage Models…</source>
        <translation>管理模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Download, remove and locate the models</source>
        <translation>下载、删除和定位模型</translation>
    </message>
    <message>
        <source>&amp;Reload Model List</source>
        <translation>重新加载模型列表(&amp;R)</translation>
    </message>
    <message>
        <source>Read the model profiles and look for their files again</source>
        <translation>重新读取模型配置并再次查找其文件</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ModelPicker</name>
    <message>
        <source>%1 on the %2 backend</source>
        <translation>%1，使用 %2 后端</translation>
    </message>
    <message>
        <source>%1 (files missing)</source>
        <translation>%1（文件缺失）</translation>
    </message>
    <message>
        <source>Missing: %1
Put the model files in %2, or add a profile there that says where they are.</source>
        <translation>缺少：%1
请把模型文件放到 %2，或在那里添加一个说明文件位置的配置。</translation>
    </message>
    <message>
        <source>No models</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>The vision-language model that answers. Model files and your own profiles go in %1.</source>
        <translation>负责回答的视觉语言模型。模型文件和你自己的配置放在 %1。</translation>
    </message>
    <message>
        <source>%1 (downloading…)</source>
        <translation>%1（下载中…）</translation>
    </message>
    <message>
        <source>%1 — download %2</source>
        <translation>%1 — 下载 %2</translation>
    </message>
    <message>
        <source>Being downloaded; it can be chosen once it has been checked.</source>
        <translation>正在下载；校验完成后即可选择。</translation>
    </message>
    <message>
        <source>Downloads the model files into %1 and checks them.</source>
        <translation>将模型文件下载到 %1 并校验。</translation>
    </message>
    <message>
        <source>Manage models…</source>
        <translation>管理模型…</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ModelsDialog</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Remove the downloaded files of %1? It must be downloaded again to be used.</source>
        <translation>删除 %1 已下载的文件？要再使用必须重新下载。</translation>
    </message>
    <message>
        <source>Ready (model server)</source>
        <translation>就绪（模型服务器）</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Files missing; no download source</source>
        <translation>文件缺失；无下载来源</translation>
    </message>
    <message>
        <source>Partly downloaded: %1 to go</source>
        <translation>部分已下载：还剩 %1</translation>
    </message>
    <message>
        <source>Not downloaded</source>
        <translation>未下载</translation>
    </message>
    <message>
        <source>Resume download</source>
        <translation>继续下载</translation>
    </message>
</context>
<context>
    <name>camchat::ui::NpuFallback</name>
    <message>
        <source>Use %1 instead</source>
        <translation>改用 %1</translation>
    </message>
    <message>
        <source>%1 needs the Rockchip NPU, and it could not be loaded here. %2 is the same kind of model on the CPU: slower, but it runs on any computer.</source>
        <translation>%1 需要 Rockchip NPU，但此处无法加载。%2 是同类模型的 CPU 版本：较慢，但可在任何电脑上运行。</translation>
    </message>
</context>
<context>
    <name>camchat::ui::PreviewView</name>
    <message>
        <source>Image preview</source>
        <translation>图片预览</translation>
    </message>
    <message>
        <source>Open an image (Ctrl+O), paste one (Ctrl+V) or drop it here</source>
        <translation>打开图片 (Ctrl+O)、粘贴图片 (Ctrl+V) 或将图片拖到这里</translation>
    </message>
    <message>
        <source>%1 fps</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message numerus="yes">
        <source>%n dropped</source>
        <translation>
            <numerusform>丢弃 %n 帧</numerusform>
        </translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>快照</translation>
    </message>
</context>
<context>
    <name>camchat::ui::PromptArea</name>
    <message>
        <source>Describe this image</source>
        <translation>描述这张图片</translation>
    </message>
    <message>
        <source>Describe this image in detail.</source>
        <translation>请详细描述这张图片。</translation>
    </message>
    <message>
        <source>Read all the text</source>
        <translation>读出全部文字</translation>
    </message>
    <message>
        <source>Read all the text in this image, exactly as written.</source>
        <translation>请按原样读出这张图片中的所有文字。</translation>
    </message>
    <message>
        <source>What is unusual here?</source>
        <translation>这里有什么异常？</translation>
    </message>
    <message>
        <source>What is unusual or unexpected in this image?</source>
        <translation>这张图片中有什么不寻常或出乎意料的地方？</translation>
    </message>
    <message>
        <source>Puts “%1” into the prompt box</source>
        <translation>将“%1”填入提问框</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the answer that is being written</source>
        <translation>停止正在生成的回答</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>No model is configured, so there is nothing to ask yet.</source>
        <translation>尚未配置模型，因此暂时无法提问。</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Wait for the answer to finish, or press Stop.</source>
        <translation>请等待回答完成，或按“停止”。</translation>
    </message>
    <message>
        <source>The model is still loading.</source>
        <translation>模型仍在加载。</translation>
    </message>
    <message>
        <source>Choose a model first.</source>
        <translation>请先选择一个模型。</translation>
    </message>
    <message>
        <source>Wait for the live picture, or pick another source.</source>
        <translation>请等待实时画面，或选择其他来源。</translation>
    </message>
    <message>
        <source>Open, paste or grab an image first.</source>
        <translation>请先打开、粘贴或截取一张图片。</translation>
    </message>
    <message>
        <source>Type a question first.</source>
        <translation>请先输入问题。</translation>
    </message>
    <message>
        <source>Snap the live picture and ask about it (Enter)</source>
        <translation>拍摄实时画面并就此提问（Enter）</translation>
    </message>
    <message>
        <source>Ask about the new image; this starts a new conversation (Enter)</source>
        <translation>就新图片提问；这将开始新的对话（Enter）</translation>
    </message>
    <message>
        <source>Ask about the image (Enter)</source>
        <translation>就图片提问（Enter）</translation>
    </message>
    <message>
        <source>Ask a follow-up question about the same image (Enter)</source>
        <translation>就同一张图片继续追问（Enter）</translation>
    </message>
</context>
<context>
    <name>camchat::ui::PromptEdit</name>
    <message>
        <source>Ask about the image… (Enter to send, Shift+Enter for a new line)</source>
        <translation>就图片提问…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
</context>
<context>
    <name>camchat::ui::RegionSelector</name>
    <message>
        <source>Grab a region</source>
        <translation>截取区域</translation>
    </message>
    <message>
        <source>Drag over the part of the screen to ask about · Enter: the whole screen · Esc: cancel</source>
        <translation>拖过要提问的屏幕部分 · Enter：整个屏幕 · Esc：取消</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
</context>
<context>
    <name>camchat::ui::RemoteServerPage</name>
    <message>
        <source>Model server</source>
        <translation>模型服务器</translation>
    </message>
    <message>
        <source>The API address of an OpenAI-compatible server: llama-server, vLLM, Ollama (…:11434/v1) or LM Studio (…:1234/v1). Empty: no server.</source>
        <translation>兼容 OpenAI 的服务器的 API 地址：llama-server、vLLM、Ollama（…:11434/v1）或 LM Studio（…:1234/v1）。留空：不使用服务器。</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>The first model the server lists</source>
        <translation>服务器列出的第一个模型</translation>
    </message>
    <message>
        <source>Test connection fills this list with the server&apos;s models.</source>
        <translation>“测试连接”会用服务器的模型填充此列表。</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Kept in the desktop keyring, never in camchat&apos;s settings. Without a keyring it lasts until camchat quits.</source>
        <translation>保存在桌面密钥环中，绝不写入 camchat 的设置。没有密钥环时只保留到 camchat 退出。</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>The server appears in the model picker. Pictures go to it as JPEG; the conversation stays in this window.</source>
        <translation>该服务器会出现在模型选择中。图片以 JPEG 发给它；对话留在本窗口。</translation>
    </message>
    <message>
        <source>Asking %1…</source>
        <translation>正在询问 %1…</translation>
    </message>
    <message numerus="yes">
        <source>Answered in %n ms.</source>
        <translation>
            <numerusform>%n 毫秒内回答。</numerusform>
        </translation>
    </message>
    <message>
        <source>It lists no models.</source>
        <translation>它没有列出任何模型。</translation>
    </message>
    <message>
        <source>%1 accepts images.</source>
        <translation>%1 接受图像。</translation>
    </message>
    <message>
        <source>%1 does not accept images: it cannot answer about pictures.</source>
        <translation>%1 不接受图像：无法回答关于图片的问题。</translation>
    </message>
</context>
<context>
    <name>camchat::ui::ScreenGrabber</name>
    <message>
        <source>There is no screen to take a picture of.</source>
        <translation>没有可截取的屏幕。</translation>
    </message>
    <message>
        <source>The screen could not be captured.</source>
        <translation>无法截取屏幕。</translation>
    </message>
    <message>
        <source>The desktop&apos;s screenshot service is not available.</source>
        <translation>桌面的截图服务不可用。</translation>
    </message>
    <message>
        <source>The desktop did not answer the screenshot request.</source>
        <translation>桌面没有响应截图请求。</translation>
    </message>
    <message>
        <source>The screenshot was cancelled or not allowed.</source>
        <translation>截图被取消或未获允许。</translation>
    </message>
    <message>
        <source>The desktop refused to take a screenshot.</source>
        <translation>桌面拒绝了截图请求。</translation>
    </message>
    <message>
        <source>The screenshot could not be read.</source>
        <translation>无法读取截图。</translation>
    </message>
</context>
<context>
    <name>camchat::ui::SettingsDialog</name>
    <message>
        <source>camchat Settings</source>
        <translation>camchat 设置</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>快照</translation>
    </message>
    <message>
        <source>JPEG</source>
        <translation>JPEG</translation>
    </message>
    <message>
        <source>PNG (lossless)</source>
        <translation>PNG（无损）</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>Higher means better pictures and larger files.</source>
        <translation>数值越高，画质越好，文件也越大。</translation>
    </message>
    <message>
        <source>JPEG &amp;quality:</source>
        <translation>JPEG 质量(&amp;Q)：</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language applies the next time camchat starts.</source>
        <translation>新语言将在下次启动 camchat 时生效。</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>How long camchat waits after hiding its window before it grabs the screen.</source>
        <translation>camchat 隐藏窗口后等待多久再截取屏幕。</translation>
    </message>
    <message>
        <source>Screen grab &amp;delay:</source>
        <translation>截图延迟(&amp;D)：</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU threads the model uses. A change reloads the model.</source>
        <translation>模型使用的 CPU 线程数。更改后会重新加载模型。</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>线程数(&amp;T)：</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认值</translation>
    </message>
    <message>
        <source>The longest answer, in tokens (a token is about ¾ of a word).</source>
        <translation>回答的最大长度，以词元计（一个词元约为 ¾ 个单词）。</translation>
    </message>
    <message>
        <source>&amp;Answer length limit:</source>
        <translation>回答长度上限(&amp;A)：</translation>
    </message>
    <message>
        <source>0 gives the most likely answer every time; higher values give more varied ones.</source>
        <translation>0 每次都给出最可能的回答；数值越高，回答越多样。</translation>
    </message>
    <message>
        <source>T&amp;emperature:</source>
        <translation>温度(&amp;E)：</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>展台</translation>
    </message>
    <message>
        <source>Kiosk mode</source>
        <translation>展台模式</translation>
    </message>
    <message>
        <source>Full screen, the live picture with a caption the model writes by itself, again and again. Esc leaves kiosk mode, Space asks for a caption now.</source>
        <translation>全屏显示实时画面，并由模型不断自动写出字幕。按 Esc 退出展台模式，按空格键立即生成字幕。</translation>
    </message>
    <message>
        <source>&amp;Start in kiosk mode</source>
        <translation>以展台模式启动(&amp;S)</translation>
    </message>
    <message>
        <source>camchat opens the kiosk screen instead of the main window (as with camchat --kiosk).</source>
        <translation>camchat 启动时打开展台画面而不是主窗口（与 camchat --kiosk 相同）。</translation>
    </message>
    <message>
        <source>What the model is asked about every picture. Empty: the default shown greyed.</source>
        <translation>对每个画面向模型提出的问题。留空则使用灰色显示的默认问题。</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>问题(&amp;P)：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Back to back</source>
        <translation>连续</translation>
    </message>
    <message>
        <source>A new caption every so many seconds. Back to back: the next one starts as soon as the model is free.</source>
        <translation>每隔设定的秒数生成一条新字幕。连续：模型一空闲就开始生成下一条。</translation>
    </message>
    <message>
        <source>Caption &amp;every:</source>
        <translation>字幕间隔(&amp;E)：</translation>
    </message>
    <message>
        <source>Also caption when the s&amp;cene changes</source>
        <translation>场景变化时也生成字幕(&amp;C)</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>How much the picture must change (average brightness difference) to count as a new scene. Lower values react to smaller changes.</source>
        <translation>画面需要变化多少（平均亮度差）才算作新场景。数值越低，对越小的变化越敏感。</translation>
    </message>
    <message>
        <source>Change &amp;threshold:</source>
        <translation>变化阈值(&amp;T)：</translation>
    </message>
    <message>
        <source>A scene change never starts a caption sooner than this after the last one.</source>
        <translation>场景变化触发的字幕与上一条字幕的间隔不会短于此值。</translation>
    </message>
    <message>
        <source>&amp;Minimum interval:</source>
        <translation>最短间隔(&amp;M)：</translation>
    </message>
    <message>
        <source>NPU runtime</source>
        <translation>NPU 运行时</translation>
    </message>
    <message>
        <source>System library path</source>
        <translation>系统库路径</translation>
    </message>
    <message>
        <source>The folder with librknnrt.so and librkllmrt.so for Rockchip NPU models. Empty: the system library path. CAMCHAT_RK_LIB_DIR, when set, comes first. Libraries beside model files are never loaded.</source>
        <translation>存放 librknnrt.so 和 librkllmrt.so 的目录，供 Rockchip NPU 模型使用。留空：使用系统库路径。若设置了 CAMCHAT_RK_LIB_DIR，则优先使用它。模型文件旁的库永远不会被加载。</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Folder of the NPU Runtime Libraries</source>
        <translation>NPU 运行时库所在目录</translation>
    </message>
    <message>
        <source>Runtime &amp;folder:</source>
        <translation>运行时目录(&amp;F)：</translation>
    </message>
    <message>
        <source>The NPU runtime folder must be a full path, such as /opt/rknn/lib.</source>
        <translation>NPU 运行时目录必须是完整路径，例如 /opt/rknn/lib。</translation>
    </message>
    <message>
        <source>Remote server</source>
        <translation>模型服务器</translation>
    </message>
    <message>
        <source>The model server&apos;s address must start with http:// or https://, such as http://gpu-box:8000/v1.</source>
        <translation>模型服务器地址必须以 http:// 或 https:// 开头，例如 http://gpu-box:8000/v1。</translation>
    </message>
    <message>
        <source>&amp;Encode pictures while I type the question</source>
        <translation>在我输入问题时编码图像(&amp;E)</translation>
    </message>
    <message>
        <source>The model starts on a picture as soon as it is snapped, opened or pasted, so the answer comes sooner. Turn it off to save power on battery.</source>
        <translation>图像一经拍摄、打开或粘贴，模型就开始处理，回答因此更快。使用电池时可关闭以节省电量。</translation>
    </message>
</context>
<context>
    <name>camchat::ui::SnapshotSaver</name>
    <message>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG 图片 (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Save Snapshot</source>
        <translation>保存快照</translation>
    </message>
    <message>
        <source>The snapshot was not saved. %1</source>
        <translation>快照未保存。%1</translation>
    </message>
</context>
<context>
    <name>camchat::ui::SourcePicker</name>
    <message>
        <source>Where the picture comes from: still images, a camera or HDMI input, or the screen</source>
        <translation>画面的来源：静态图片、摄像头或 HDMI 输入，或者屏幕</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>来源(&amp;S)：</translation>
    </message>
    <message>
        <source>Pixel format, size and frame rate of the capture</source>
        <translation>采集的像素格式、尺寸和帧率</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Still images: open, paste or drop one</source>
        <translation>静态图片：打开、粘贴或拖入一张图片</translation>
    </message>
    <message>
        <source>%1 (HDMI input)</source>
        <translation>%1（HDMI 输入）</translation>
    </message>
    <message>
        <source>%1 (unplugged)</source>
        <translation>%1（已拔出）</translation>
    </message>
    <message>
        <source>Camera through Qt Multimedia</source>
        <translation>通过 Qt Multimedia 访问的摄像头</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>屏幕</translation>
    </message>
    <message>
        <source>Take a screenshot and ask about it</source>
        <translation>截取屏幕并就此提问</translation>
    </message>
    <message>
        <source>As the HDMI signal</source>
        <translation>跟随 HDMI 信号</translation>
    </message>
    <message>
        <source>An HDMI receiver captures in the format of the incoming signal</source>
        <translation>HDMI 接收器按输入信号的格式采集</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>camchat&apos;s choice: the largest size up to 1080p at 25 frames per second or more</source>
        <translation>由 camchat 选择：不超过 1080p、帧率不低于每秒 25 帧的最大尺寸</translation>
    </message>
    <message>
        <source>%1 %2 × %3, %4 fps</source>
        <translation>%1 %2 × %3，%4 帧/秒</translation>
    </message>
    <message>
        <source>%1 %2 × %3</source>
        <translation>%1 %2 × %3</translation>
    </message>
    <message>
        <source>Automatic (%1 %2 × %3)</source>
        <translation>自动（%1 %2 × %3）</translation>
    </message>
</context>
<context>
    <name>camchat::ui::StatusPanel</name>
    <message>
        <source>No model configured</source>
        <translation>未配置模型</translation>
    </message>
    <message>
        <source>camchat answers questions once a vision-language model is set up.</source>
        <translation>配置好视觉语言模型后，camchat 即可回答问题。</translation>
    </message>
    <message>
        <source>Live: %1</source>
        <translation>实时：%1</translation>
    </message>
    <message>
        <source>Live: %1 · %2 × %3 %4</source>
        <translation>实时：%1 · %2 × %3 %4</translation>
    </message>
    <message>
        <source>snapshot %1 × %2 px</source>
        <translation>快照 %1 × %2 像素</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图片</translation>
    </message>
    <message>
        <source>%1 × %2 px · %3</source>
        <translation>%1 × %2 像素 · %3</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Choose a model next to the Ask button.</source>
        <translation>请在“提问”按钮旁边选择一个模型。</translation>
    </message>
    <message numerus="yes">
        <source>%n models</source>
        <translation>
            <numerusform>%n 个模型</numerusform>
        </translation>
    </message>
    <message>
        <source>Downloading %1: %2</source>
        <translation>正在下载 %1：%2</translation>
    </message>
</context>
<context>
    <name>camchat::ui::SystemCheckDialog</name>
    <message>
        <source>System Check</source>
        <translation>系统检查</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Check &amp;Again</source>
        <translation>重新检查(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Copy Report</source>
        <translation>复制报告(&amp;C)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>修复：%1</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>修复</translation>
    </message>
</context>
<context>
    <name>camchat::ui::TranscriptExporter</name>
    <message>
        <source>camchat conversation, %1</source>
        <translation>camchat 对话，%1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>The transcript was not saved: the image %1 could not be written. %2</source>
        <translation>对话记录未保存：无法写入图片 %1。%2</translation>
    </message>
    <message>
        <source>The transcript could not be written to %1.</source>
        <translation>无法将对话记录写入 %1。</translation>
    </message>
    <message>
        <source>Save Transcript</source>
        <translation>保存对话记录</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>The transcript was not saved: %1 already exists and was left as it was.</source>
        <translation>对话记录未保存：%1 已存在，未作改动。</translation>
    </message>
</context>
</TS>
