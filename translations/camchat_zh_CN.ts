<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>camchat: %1
Try &apos;camchat --help&apos; for more information.
</source>
        <translation>camchat：%1
运行“camchat --help”了解更多信息。
</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Exit status: 0 success, 1 failure, 2 usage error.</source>
        <translation>退出状态：0 成功，1 失败，2 用法错误。</translation>
    </message>
    <message numerus="yes">
        <source>camchat: expected at most one image file, got %n.
</source>
        <translation>
            <numerusform>camchat：最多只能指定一个图片文件，实际给出了 %n 个。
</numerusform>
        </translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
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
</context>
<context>
    <name>camchat::ui::MainWindow</name>
    <message>
        <source>Screen grab</source>
        <translation>屏幕截图</translation>
    </message>
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
        <source>&amp;Save Snapshot…</source>
        <translation>保存快照(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the current image to a file</source>
        <translation>将当前图片保存到文件</translation>
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
    <message>
        <source>No model configured</source>
        <translation>未配置模型</translation>
    </message>
    <message>
        <source>camchat answers questions once a vision-language model is set up.</source>
        <translation>配置好视觉语言模型后，camchat 即可回答问题。</translation>
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
        <source>Clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图片。</translation>
    </message>
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
        <source>Saving %1…</source>
        <translation>正在保存 %1…</translation>
    </message>
    <message>
        <source>The snapshot was not saved. %1</source>
        <translation>快照未保存。%1</translation>
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
        <source>Could not open %1. %2</source>
        <translation>无法打开 %1。%2</translation>
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
        <source>%1 – camchat</source>
        <translation>%1 – camchat</translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation>拖入的图片</translation>
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
</context>
<context>
    <name>camchat::ui::PromptEdit</name>
    <message>
        <source>Ask about the image… (Enter to send, Shift+Enter for a new line)</source>
        <translation>就图片提问…（Enter 发送，Shift+Enter 换行）</translation>
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
</context>
</TS>
