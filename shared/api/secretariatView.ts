/** The Chinese reasons the secretariat's view is refused on a laptop (electron/main/services/secretariatView.ts). */
export const SECRETARIAT_VIEW_LOCKED = '秘书处视图需要本机的秘书处密钥：请输入秘书处 PIN 码解锁后再查看（也可在“同步”页面“签名与信任”中解锁）'
export const NO_SECRETARIAT_VIEW = '本机没有秘书处密钥，不能以秘书处身份查看（专家电脑只能以专家本人身份评审）；请在会议页面选择本机的专家身份'
